/**
 * Simplified Chinese for every feature but the home feed (zh-CN.ts has the rest): a chunk of
 * its own, added to the zh-CN texts before the first other page is drawn (issue 16 item 2).
 */
import { deletionZhCN } from '../../features/account/locales/deletion-zh-CN';
import { campaignsZhCN } from '../../features/campaigns/locales/campaigns-zh-CN';
import { oversightZhCN } from '../../features/admin/locales/oversight-zh-CN';
import { privacyZhCN } from '../../features/account/locales/privacy-zh-CN';
import { accountZhCN } from '../../features/account/locales/account-zh-CN';
import { walletZhCN } from '../../features/wallet/locales/wallet-zh-CN';
import { catalogZhCN } from '../../features/catalog/locales/catalog-zh-CN';
import { shopZhCN } from '../../features/shop/locales/shop-zh-CN';
import { adminZhCN } from '../../features/admin/locales/admin-zh-CN';
import { credentialsZhCN } from '../../features/admin/locales/credentials-zh-CN';
import { ordersZhCN } from '../../features/orders/locales/orders-zh-CN';
import { reviewsZhCN } from '../../features/reviews/locales/reviews-zh-CN';
import { afterSalesZhCN } from '../../features/aftersales/locales/aftersales-zh-CN';
import { trackingZhCN } from '../../features/orders/locales/tracking-zh-CN';
import { chatZhCN } from '../../features/chat/locales/chat-zh-CN';

export const zhCNMore = {
  ...accountZhCN,
  ...walletZhCN,
  ...catalogZhCN,
  ...shopZhCN,
  ...adminZhCN,
  ...credentialsZhCN,
  ...ordersZhCN,
  ...trackingZhCN,
  campaigns: campaignsZhCN,
  deletion: deletionZhCN,
  oversight: oversightZhCN,
  privacyCentre: privacyZhCN,
  reviews: reviewsZhCN,
  afterSales: afterSalesZhCN,
  chat: chatZhCN,
};
