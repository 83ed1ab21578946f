import { createContext, useContext } from 'react';
import type { ShopRole } from '../staff';

/** The shop whose conversations the reader answers, and as what (owner or staff). */
export interface ServedShopValue {
  operatorId: string;
  shopName: string;
  role: ShopRole;
}

export const ServedShopContext = createContext<ServedShopValue | undefined>(undefined);

/**
 * The shop behind 客服消息 and 快捷回复: the owner's approved shop, or the one a staff member
 * serves (GET /me/shops); undefined for anyone else. The owner's other sections keep
 * useShopOperator, which staff never get (they may not see orders, money or products).
 */
export function useServedShop(): ServedShopValue | undefined {
  return useContext(ServedShopContext);
}
