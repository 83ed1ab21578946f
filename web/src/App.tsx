import { Route, Routes } from 'react-router';
import { Layout } from './components/Layout';
import { AdminDisputePage } from './pages/AdminDisputePage';
import { AdminDisputesPage } from './pages/AdminDisputesPage';
import { AuditLogPage } from './pages/AuditLogPage';
import { RegulatorPage } from './pages/RegulatorPage';
import { ReportsPage } from './pages/ReportsPage';
import { AdminPage } from './pages/AdminPage';
import { BargainPage } from './pages/BargainPage';
import { CartPage } from './pages/CartPage';
import { CheckoutPage } from './pages/CheckoutPage';
import { DepositRulePage } from './pages/DepositRulePage';
import { DisputeInboxPage } from './pages/DisputeInboxPage';
import { DisputeOpenPage } from './pages/DisputeOpenPage';
import { DisputePage } from './pages/DisputePage';
import { DisputeRulesPage } from './pages/DisputeRulesPage';
import { GroupBuyPage } from './pages/GroupBuyPage';
import { HomePage } from './pages/HomePage';
import { IdentityPage } from './pages/IdentityPage';
import { LoginPage } from './pages/LoginPage';
import { MePage } from './pages/MePage';
import { NotFoundPage } from './pages/NotFoundPage';
import { NoteEditorPage } from './pages/NoteEditorPage';
import { NotificationsPage } from './pages/NotificationsPage';
import { NotePage } from './pages/NotePage';
import { OrderPage } from './pages/OrderPage';
import { OrdersPage } from './pages/OrdersPage';
import { PasskeysPage } from './pages/PasskeysPage';
import { PaymentPinPage } from './pages/PaymentPinPage';
import { PhoneVerifyPage } from './pages/PhoneVerifyPage';
import { AccountDeletionPage } from './pages/AccountDeletionPage';
import { PrivacyPage } from './pages/PrivacyPage';
import { ProductEditorPage } from './pages/ProductEditorPage';
import { ProductPage } from './pages/ProductPage';
import { ProfilePage } from './pages/ProfilePage';
import { RegisterPage } from './pages/RegisterPage';
import { SearchPage } from './pages/SearchPage';
import { ServiceProviderPage } from './pages/ServiceProviderPage';
import { ShopPage } from './pages/ShopPage';
import { StorefrontPage } from './pages/StorefrontPage';
import { TopUpPage } from './pages/TopUpPage';
import { TotpPage } from './pages/TotpPage';
import { WalletPage } from './pages/WalletPage';
import { WithdrawPage } from './pages/WithdrawPage';
import { GuestOnly, RequireUser } from './session';

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
        <Route path="shop">
          <Route index element={<RequireUser>{(me) => <ShopPage me={me} />}</RequireUser>} />
          <Route path="products/new" element={<RequireUser>{() => <ProductEditorPage />}</RequireUser>} />
          <Route path="products/:productId/edit" element={<RequireUser>{() => <ProductEditorPage />}</RequireUser>} />
        </Route>
        <Route path="service-provider" element={<RequireUser>{(me) => <ServiceProviderPage me={me} />}</RequireUser>} />
        <Route path="admin">
          <Route index element={<RequireUser>{(me) => <AdminPage me={me} />}</RequireUser>} />
          <Route path="disputes" element={<RequireUser>{(me) => <AdminDisputesPage me={me} />}</RequireUser>} />
          <Route path="disputes/:disputeId" element={<RequireUser>{(me) => <AdminDisputePage me={me} />}</RequireUser>} />
          <Route path="reports" element={<RequireUser>{(me) => <ReportsPage me={me} />}</RequireUser>} />
          <Route path="audit-log" element={<RequireUser>{(me) => <AuditLogPage me={me} />}</RequireUser>} />
        </Route>
        <Route path="regulator" element={<RequireUser>{(me) => <RegulatorPage me={me} />}</RequireUser>} />
        <Route path="operator/disputes" element={<RequireUser>{() => <DisputeInboxPage role="operator" />}</RequireUser>} />
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
