/** Account deletion (DELETE /me, GET /me/deletion): what stands in the way, and the erasure itself. */
import { call, client, type BodyOf, type ResponseOf } from '../../api/client';

export type DeletionBlocker = ResponseOf<'/me/deletion'>['blockers'][number];
export type ContentChoice = NonNullable<BodyOf<'/me', 'delete'>['content']>;

export const deletionApi = {
  check: () => call(client.GET('/me/deletion')),
  erase: (input: BodyOf<'/me', 'delete'>) => call(client.DELETE('/me', { body: input })),
};

/** Where the user resolves each block. */
export const BLOCKER_LINKS: Record<DeletionBlocker['code'], string> = {
  OPEN_ORDERS: '/orders',
  OPEN_DISPUTES: '/orders',
  OPEN_AFTER_SALES: '/me/after-sales',
  WALLET_NOT_EMPTY: '/wallet/withdraw',
  SHOP_OPEN: '/shop',
  SHOP_FUNDS_NOT_EMPTY: '/shop/deposit',
  SERVICE_PROVIDER_ACTIVE: '/service-provider',
};
