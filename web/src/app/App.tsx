/**
 * The router: the one place that knows every page. The home feed is in the first bundle (it
 * is what most visits open on); every other page is a chunk of its own, loaded with its route
 * (lazyPage.tsx), so a phone's first load stays small (issue 16 item 2).
 */
import { useEffect } from 'react';
import { Route, Routes } from 'react-router';
import { Layout } from './Layout';
import { HomePage } from '../features/social/pages/HomePage';
import { NotFoundPage } from './NotFoundPage';
import { GuestOnly, RequireUser } from './session';
import { adminRoutes } from './routes/admin';
import { shopRoutes } from './routes/shop';
import {
  AccountDeletionPage,
  AfterSaleNewPage,
  AfterSalePage,
  BargainPage,
  CartPage,
  CheckoutPage,
  ConversationPage,
  DepositRulePage,
  DisputeInboxPage,
  DisputeOpenPage,
  DisputePage,
  DisputeRulesPage,
  GroupBuyPage,
  IdentityPage,
  LoginPage,
  MePage,
  MessagesPage,
  MyAfterSalesPage,
  NoteEditorPage,
  NotePage,
  NotificationsPage,
  OrderPage,
  OrdersPage,
  PasskeysPage,
  PaymentPinPage,
  PhoneVerifyPage,
  PrivacyPage,
  ProductPage,
  ProductReviewsPage,
  ProfilePage,
  RegisterPage,
  ReviewFormPage,
  SearchPage,
  ServiceProviderPage,
  StorefrontPage,
  TopUpPage,
  TotpPage,
  WalletPage,
  WithdrawPage,
} from './pages';

/**
 * The page a reader most likely opens next is fetched as soon as they show the intent: a
 * pointer over, a touch on or focus on a link to a note or a product (the feed's cards and
 * tags) starts loading that page's chunk, so the tap does not wait for it.
 */
const NEXT_PAGES: [RegExp, { preload: () => Promise<unknown> }][] = [
  [/^\/notes\/[^/]+$/, NotePage],
  [/^\/products\/[^/]+$/, ProductPage],
];

/** The pages the server renders a first screen of (src/http/pages.ts), besides the home feed in the first bundle. */
const FIRST_SCREENS: [RegExp, { preload: () => Promise<unknown> }][] = [
  ...NEXT_PAGES,
  [/^\/group-buys\/[^/]+$/, GroupBuyPage],
  [/^\/bargains\/[^/]+$/, BargainPage],
];

/**
 * Fetches the page of `pathname` before the first render when the server drew its first screen,
 * so the app draws the same page over it instead of a spinner. A failed fetch just leaves the
 * route to load it.
 */
export async function preloadFirstScreen(pathname: string): Promise<void> {
  const page = FIRST_SCREENS.find(([pattern]) => pattern.test(pathname))?.[1];
  await page?.preload().catch(() => undefined);
}

function usePreloadOnIntent(): void {
  useEffect(() => {
    const onIntent = (event: Event) => {
      const link = event.target instanceof Element ? event.target.closest('a[href]') : null;
      const href = link?.getAttribute('href')?.split('?')[0];
      if (!href) return;
      for (const [pattern, page] of NEXT_PAGES) if (pattern.test(href)) page.preload().catch(() => undefined); // the route itself retries
    };
    const events = ['pointerover', 'touchstart', 'focusin'] as const;
    for (const name of events) document.addEventListener(name, onIntent, { passive: true });
    return () => {
      for (const name of events) document.removeEventListener(name, onIntent);
    };
  }, []);
}

export function App() {
  usePreloadOnIntent();
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
          <Route path="after-sales" element={<RequireUser>{() => <MyAfterSalesPage />}</RequireUser>} />
          <Route path="notifications" element={<RequireUser>{() => <NotificationsPage />}</RequireUser>} />
        </Route>
        <Route path="messages">
          <Route index element={<RequireUser>{() => <MessagesPage />}</RequireUser>} />
          <Route path=":conversationId" element={<RequireUser>{() => <ConversationPage />}</RequireUser>} />
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
        <Route path="after-sales/:afterSaleId" element={<RequireUser>{(me) => <AfterSalePage me={me} />}</RequireUser>} />
        <Route path="disputes/:disputeId" element={<RequireUser>{(me) => <DisputePage me={me} />}</RequireUser>} />
        <Route path="dispute-rules" element={<DisputeRulesPage />} />
        <Route path="shops/:operatorId" element={<StorefrontPage />} />
        <Route path="products/:productId" element={<ProductPage />} />
        <Route path="products/:productId/reviews" element={<ProductReviewsPage />} />
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
          <Route path=":orderId/items/:itemId/review" element={<RequireUser>{() => <ReviewFormPage />}</RequireUser>} />
          <Route path=":orderId/after-sales/new" element={<RequireUser>{() => <AfterSaleNewPage />}</RequireUser>} />
        </Route>
        <Route path="deposit-rule" element={<DepositRulePage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
