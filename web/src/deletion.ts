/** Account deletion (DELETE /me, GET /me/deletion): what stands in the way, and the erasure itself. */
import { request } from './api';

export type ContentChoice = 'anonymise' | 'delete';

export interface DeletionBlocker {
  code: 'OPEN_ORDERS' | 'OPEN_DISPUTES' | 'WALLET_NOT_EMPTY' | 'SHOP_OPEN' | 'SHOP_FUNDS_NOT_EMPTY' | 'SERVICE_PROVIDER_ACTIVE';
  detail: string;
  count: number;
}

export const deletionApi = {
  check: () => request<{ blockers: DeletionBlocker[] }>('GET', '/me/deletion'),
  erase: (input: { password: string; content: ContentChoice }) => request<{ pseudonym: string; content: ContentChoice; erasedAt: string }>('DELETE', '/me', input),
};

/** Where the user resolves each block. */
export const BLOCKER_LINKS: Record<DeletionBlocker['code'], string> = {
  OPEN_ORDERS: '/orders',
  OPEN_DISPUTES: '/orders',
  WALLET_NOT_EMPTY: '/wallet/withdraw',
  SHOP_OPEN: '/shop',
  SHOP_FUNDS_NOT_EMPTY: '/shop',
  SERVICE_PROVIDER_ACTIVE: '/service-provider',
};
