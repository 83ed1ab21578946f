import { Route, Routes } from 'react-router';
import { Layout } from './Layout';
import { BargainPage } from '../features/campaigns/pages/BargainPage';
import { CartPage } from '../features/orders/pages/CartPage';
import { CheckoutPage } from '../features/orders/pages/CheckoutPage';
import { DepositRulePage } from '../features/shop/pages/DepositRulePage';
import { DisputeInboxPage } from '../features/disputes/pages/DisputeInboxPage';
import { DisputeOpenPage } from '../features/disputes/pages/DisputeOpenPage';
import { DisputePage } from '../features/disputes/pages/DisputePage';
import { DisputeRulesPage } from '../features/disputes/pages/DisputeRulesPage';
import { GroupBuyPage } from '../features/campaigns/pages/GroupBuyPage';
import { HomePage } from '../features/social/pages/HomePage';
import { IdentityPage } from '../features/account/pages/IdentityPage';
import { LoginPage } from '../features/account/pages/LoginPage';
import { MePage } from '../features/account/pages/MePage';
import { NotFoundPage } from './NotFoundPage';
import { NoteEditorPage } from '../features/social/pages/NoteEditorPage';
import { NotificationsPage } from '../features/notifications/pages/NotificationsPage';
import { NotePage } from '../features/social/pages/NotePage';
import { OrderPage } from '../features/orders/pages/OrderPage';
import { OrdersPage } from '../features/orders/pages/OrdersPage';
import { PasskeysPage } from '../features/account/pages/PasskeysPage';
import { PaymentPinPage } from '../features/account/pages/PaymentPinPage';
import { PhoneVerifyPage } from '../features/account/pages/PhoneVerifyPage';
import { AccountDeletionPage } from '../features/account/pages/AccountDeletionPage';
import { PrivacyPage } from '../features/account/pages/PrivacyPage';
import { ProductPage } from '../features/catalog/pages/ProductPage';
import { ProfilePage } from '../features/social/pages/ProfilePage';
import { RegisterPage } from '../features/account/pages/RegisterPage';
import { SearchPage } from '../features/social/pages/SearchPage';
import { ServiceProviderPage } from '../features/shop/pages/ServiceProviderPage';
import { StorefrontPage } from '../features/catalog/pages/StorefrontPage';
import { TopUpPage } from '../features/wallet/pages/TopUpPage';
import { TotpPage } from '../features/account/pages/TotpPage';
import { WalletPage } from '../features/wallet/pages/WalletPage';
import { WithdrawPage } from '../features/wallet/pages/WithdrawPage';
import { GuestOnly, RequireUser } from './session';
import { adminRoutes } from './routes/admin';
import { shopRoutes } from './routes/shop';

export function App() {
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route index element={<HomePage />} />
        <Route
          path="register"
          element={
            <GuestOnly>
              <RegisterPage />
            </GuestOnly>
          }
        />
        <Route
          path="login"
          element={
            <GuestOnly>
              <LoginPage />
            </GuestOnly>
          }
        />
        <Route path="me">
          <Route index element={<RequireUser>{(me) => <MePage me={me} />}</RequireUser>} />
          <Route path="phone" element={<RequireUser>{(me) => <PhoneVerifyPage me={me} />}</RequireUser>} />
          <Route path="identity" element={<RequireUser>{(me) => <IdentityPage me={me} />}</RequireUser>} />
          <Route path="payment-pin" element={<RequireUser>{(me) => <PaymentPinPage me={me} />}</RequireUser>} />
          <Route path="totp" element={<RequireUser>{(me) => <TotpPage me={me} />}</RequireUser>} />
          <Route path="passkeys" element={<RequireUser>{() => <PasskeysPage />}</RequireUser>} />
          <Route path="privacy" element={<RequireUser>{() => <PrivacyPage />}</RequireUser>} />
          <Route path="privacy/delete" element={<RequireUser>{() => <AccountDeletionPage />}</RequireUser>} />
          <Route path="disputes" element={<RequireUser>{() => <DisputeInboxPage role="buyer" />}</RequireUser>} />
          <Route path="notifications" element={<RequireUser>{() => <NotificationsPage />}</RequireUser>} />
        </Route>
        <Route path="wallet">
          <Route index element={<RequireUser>{() => <WalletPage />}</RequireUser>} />
          <Route path="top-up" element={<RequireUser>{() => <TopUpPage />}</RequireUser>} />
          <Route path="withdraw" element={<RequireUser>{(me) => <WithdrawPage me={me} />}</RequireUser>} />
        </Route>
        {shopRoutes}
        <Route path="service-provider" element={<RequireUser>{(me) => <ServiceProviderPage me={me} />}</RequireUser>} />
        {adminRoutes}
        <Route path="provider/disputes" element={<RequireUser>{() => <DisputeInboxPage role="provider" />}</RequireUser>} />
        <Route path="disputes/:disputeId" element={<RequireUser>{(me) => <DisputePage me={me} />}</RequireUser>} />
        <Route path="dispute-rules" element={<DisputeRulesPage />} />
        <Route path="shops/:operatorId" element={<StorefrontPage />} />
        <Route path="products/:productId" element={<ProductPage />} />
        <Route path="notes">
          <Route path="new" element={<RequireUser>{() => <NoteEditorPage />}</RequireUser>} />
          <Route path=":noteId" element={<NotePage />} />
          <Route path=":noteId/edit" element={<RequireUser>{() => <NoteEditorPage />}</RequireUser>} />
        </Route>
        <Route path="group-buys/:groupId" element={<GroupBuyPage />} />
        <Route path="bargains/:bargainId" element={<BargainPage />} />
        <Route path="users/:userId" element={<ProfilePage />} />
        <Route path="search" element={<SearchPage />} />
        <Route path="cart" element={<CartPage />} />
        <Route path="checkout" element={<RequireUser>{() => <CheckoutPage />}</RequireUser>} />
        <Route path="orders">
          <Route index element={<RequireUser>{() => <OrdersPage />}</RequireUser>} />
          <Route path=":orderId" element={<RequireUser>{() => <OrderPage />}</RequireUser>} />
          <Route path=":orderId/dispute" element={<RequireUser>{() => <DisputeOpenPage />}</RequireUser>} />
        </Route>
        <Route path="deposit-rule" element={<DepositRulePage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
