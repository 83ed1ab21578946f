/**
 * The shop console's routes (mounted by App.tsx): /shop is the application or, once
 * approved, the overview; each section has its own address beside it (售后 and its requests,
 * settings with the return addresses among them). /operator/disputes,
 * the inbox's old address, leads to /shop/disputes.
 */
import { Navigate, Route } from 'react-router';
import { DisputeInboxPage, ProductEditorPage, ShopAfterSalePage, ShopAfterSalesPage, ShopConsole, ShopPage, ShopReviewsPage, ShopSectionPage, ShopSettingsPage, ShopStaffPage, ShopInboxPage, ShopQuickRepliesPage } from '../pages';
import { RequireUser } from '../session';

export const shopRoutes = (
  <>
    <Route path="shop" element={<RequireUser>{() => <ShopConsole />}</RequireUser>}>
      <Route index element={<RequireUser>{(me) => <ShopPage me={me} />}</RequireUser>} />
      <Route path="orders" element={<ShopSectionPage section="orders" />} />
      <Route path="products" element={<ShopSectionPage section="products" />} />
      <Route path="products/new" element={<ProductEditorPage />} />
      <Route path="products/:productId/edit" element={<ProductEditorPage />} />
      <Route path="deposit" element={<ShopSectionPage section="deposit" />} />
      <Route path="disputes" element={<DisputeInboxPage role="operator" />} />
      <Route path="reviews" element={<ShopReviewsPage />} />
      <Route path="after-sales" element={<ShopAfterSalesPage />} />
      <Route path="after-sales/:requestId" element={<ShopAfterSalePage />} />
      <Route path="settings" element={<ShopSettingsPage />} />
      <Route path="staff" element={<ShopStaffPage />} />
      <Route path="inbox" element={<ShopInboxPage />} />
      <Route path="inbox/:conversationId" element={<ShopInboxPage />} />
      <Route path="quick-replies" element={<ShopQuickRepliesPage />} />
    </Route>
    <Route path="operator/disputes" element={<Navigate to="/shop/disputes" replace />} />
  </>
);
