/**
 * Every page but the home feed, each a chunk of its own loaded with its route (lazyPage.tsx,
 * issue 16 item 2): the router (App.tsx) and the console routes (routes/) take them from here,
 * so a page has one loader however many routes show it.
 */
import { lazyPage } from './lazyPage';

export const AccountDeletionPage = lazyPage(() => import('../features/account/pages/AccountDeletionPage'), 'AccountDeletionPage');
export const AdminConsole = lazyPage(() => import('../features/admin/components/AdminConsole'), 'AdminConsole');
export const AdminDisputePage = lazyPage(() => import('../features/disputes/pages/AdminDisputePage'), 'AdminDisputePage');
export const AdminDisputesPage = lazyPage(() => import('../features/disputes/pages/AdminDisputesPage'), 'AdminDisputesPage');
export const AdminReviewAppealsPage = lazyPage(() => import('../features/reviews/pages/AdminReviewAppealsPage'), 'AdminReviewAppealsPage');
export const AdminPage = lazyPage(() => import('../features/admin/pages/AdminPage'), 'AdminPage');
export const AfterSaleNewPage = lazyPage(() => import('../features/aftersales/pages/AfterSaleNewPage'), 'AfterSaleNewPage');
export const AfterSalePage = lazyPage(() => import('../features/aftersales/pages/AfterSalePage'), 'AfterSalePage');
export const AuditLogPage = lazyPage(() => import('../features/admin/pages/AuditLogPage'), 'AuditLogPage');
export const BargainPage = lazyPage(() => import('../features/campaigns/pages/BargainPage'), 'BargainPage');
export const CartPage = lazyPage(() => import('../features/orders/pages/CartPage'), 'CartPage');
export const CheckoutPage = lazyPage(() => import('../features/orders/pages/CheckoutPage'), 'CheckoutPage');
export const ConversationPage = lazyPage(() => import('../features/chat/pages/ConversationPage'), 'ConversationPage');
export const DepositRulePage = lazyPage(() => import('../features/shop/pages/DepositRulePage'), 'DepositRulePage');
export const DisputeInboxPage = lazyPage(() => import('../features/disputes/pages/DisputeInboxPage'), 'DisputeInboxPage');
export const DisputeOpenPage = lazyPage(() => import('../features/disputes/pages/DisputeOpenPage'), 'DisputeOpenPage');
export const DisputePage = lazyPage(() => import('../features/disputes/pages/DisputePage'), 'DisputePage');
export const DisputeRulesPage = lazyPage(() => import('../features/disputes/pages/DisputeRulesPage'), 'DisputeRulesPage');
export const GroupBuyPage = lazyPage(() => import('../features/campaigns/pages/GroupBuyPage'), 'GroupBuyPage');
export const IdentityPage = lazyPage(() => import('../features/account/pages/IdentityPage'), 'IdentityPage');
export const LoginPage = lazyPage(() => import('../features/account/pages/LoginPage'), 'LoginPage');
export const MePage = lazyPage(() => import('../features/account/pages/MePage'), 'MePage');
export const MessagesPage = lazyPage(() => import('../features/chat/pages/MessagesPage'), 'MessagesPage');
export const MyAfterSalesPage = lazyPage(() => import('../features/aftersales/pages/MyAfterSalesPage'), 'MyAfterSalesPage');
export const NoteEditorPage = lazyPage(() => import('../features/social/pages/NoteEditorPage'), 'NoteEditorPage');
export const NotePage = lazyPage(() => import('../features/social/pages/NotePage'), 'NotePage');
export const NotificationsPage = lazyPage(() => import('../features/notifications/pages/NotificationsPage'), 'NotificationsPage');
export const OrderPage = lazyPage(() => import('../features/orders/pages/OrderPage'), 'OrderPage');
export const OrdersPage = lazyPage(() => import('../features/orders/pages/OrdersPage'), 'OrdersPage');
export const PasskeysPage = lazyPage(() => import('../features/account/pages/PasskeysPage'), 'PasskeysPage');
export const PaymentPinPage = lazyPage(() => import('../features/account/pages/PaymentPinPage'), 'PaymentPinPage');
export const PhoneVerifyPage = lazyPage(() => import('../features/account/pages/PhoneVerifyPage'), 'PhoneVerifyPage');
export const PrivacyPage = lazyPage(() => import('../features/account/pages/PrivacyPage'), 'PrivacyPage');
export const ProductEditorPage = lazyPage(() => import('../features/shop/pages/ProductEditorPage'), 'ProductEditorPage');
export const ProductPage = lazyPage(() => import('../features/catalog/pages/ProductPage'), 'ProductPage');
export const ProductReviewsPage = lazyPage(() => import('../features/reviews/pages/ProductReviewsPage'), 'ProductReviewsPage');
export const ProfilePage = lazyPage(() => import('../features/social/pages/ProfilePage'), 'ProfilePage');
export const RegisterPage = lazyPage(() => import('../features/account/pages/RegisterPage'), 'RegisterPage');
export const RegulatorConsole = lazyPage(() => import('../features/admin/components/AdminConsole'), 'RegulatorConsole');
export const RegulatorPage = lazyPage(() => import('../features/admin/pages/RegulatorPage'), 'RegulatorPage');
export const ReportsPage = lazyPage(() => import('../features/admin/pages/ReportsPage'), 'ReportsPage');
export const SearchPage = lazyPage(() => import('../features/social/pages/SearchPage'), 'SearchPage');
export const ServiceProviderPage = lazyPage(() => import('../features/shop/pages/ServiceProviderPage'), 'ServiceProviderPage');
export const ReviewFormPage = lazyPage(() => import('../features/reviews/pages/ReviewFormPage'), 'ReviewFormPage');
export const ShopConsole = lazyPage(() => import('../features/shop/components/ShopConsole'), 'ShopConsole');
export const ShopAfterSalePage = lazyPage(() => import('../features/shop/pages/ShopAfterSalePage'), 'ShopAfterSalePage');
export const ShopAfterSalesPage = lazyPage(() => import('../features/shop/pages/ShopAfterSalesPage'), 'ShopAfterSalesPage');
export const ShopPage = lazyPage(() => import('../features/shop/pages/ShopPage'), 'ShopPage');
export const ShopReviewsPage = lazyPage(() => import('../features/reviews/pages/ShopReviewsPage'), 'ShopReviewsPage');
export const ShopSectionPage = lazyPage(() => import('../features/shop/pages/ShopSectionPage'), 'ShopSectionPage');
export const ShopInboxPage = lazyPage(() => import('../features/shop/pages/ShopInboxPage'), 'ShopInboxPage');
export const ShopQuickRepliesPage = lazyPage(() => import('../features/shop/pages/ShopQuickRepliesPage'), 'ShopQuickRepliesPage');
export const ShopStaffPage = lazyPage(() => import('../features/shop/pages/ShopStaffPage'), 'ShopStaffPage');
export const ShopSettingsPage = lazyPage(() => import('../features/shop/pages/ShopSettingsPage'), 'ShopSettingsPage');
export const StorefrontPage = lazyPage(() => import('../features/catalog/pages/StorefrontPage'), 'StorefrontPage');
export const ToReview = lazyPage(() => import('../features/admin/components/AdminConsole'), 'ToReview');
export const TopUpPage = lazyPage(() => import('../features/wallet/pages/TopUpPage'), 'TopUpPage');
export const TotpPage = lazyPage(() => import('../features/account/pages/TotpPage'), 'TotpPage');
export const WalletPage = lazyPage(() => import('../features/wallet/pages/WalletPage'), 'WalletPage');
export const WithdrawPage = lazyPage(() => import('../features/wallet/pages/WithdrawPage'), 'WithdrawPage');
