import { Route, Routes } from 'react-router';
import { Layout } from './components/Layout';
import { HomePage } from './pages/HomePage';
import { IdentityPage } from './pages/IdentityPage';
import { LoginPage } from './pages/LoginPage';
import { MePage } from './pages/MePage';
import { NotFoundPage } from './pages/NotFoundPage';
import { PaymentPinPage } from './pages/PaymentPinPage';
import { PhoneVerifyPage } from './pages/PhoneVerifyPage';
import { RegisterPage } from './pages/RegisterPage';
import { TotpPage } from './pages/TotpPage';
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
        </Route>
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
