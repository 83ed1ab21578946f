/**
 * A shop's staff (issue 18 item 3) and the shops the reader serves: the owner lists, adds
 * (by phone) and removes staff; staff see the shop's 客服消息 and 快捷回复 only.
 */
import { everyValue } from '../../api/enums';
import { at, call, client, type ResponseOf } from '../../api/client';

export type StaffMember = ResponseOf<'/operators/{id}/staff'>['items'][number];
export type ShopRole = StaffMember['role'];
export type ServedShop = ResponseOf<'/me/shops'>['items'][number];

/** Every role the server sends (test/labels.test.ts holds it to the API document). */
export const SHOP_ROLES = everyValue<ShopRole>()(['owner', 'staff']);
/** The codes the staff page puts in its own words (shop.staff.problems). */
export const STAFF_CODES = ['STAFF_USER_NOT_FOUND', 'ALREADY_A_MEMBER', 'STAFF_LIMIT', 'OWNER_NOT_REMOVABLE'] as const;
/** The most staff a shop may have (the server's MAX_SHOP_STAFF). */
export const MAX_STAFF = 20;

export const SERVED_SHOPS_KEY = ['me', 'shops'] as const;
export const STAFF_KEY = 'shop-staff';

const byId = (id: string) => at({ id });

export const staffApi = {
  servedShops: () => call(client.GET('/me/shops')),
  list: (operatorId: string) => call(client.GET('/operators/{id}/staff', byId(operatorId))),
  add: (operatorId: string, phone: string) => call(client.POST('/operators/{id}/staff', { ...byId(operatorId), body: { phone } })),
  remove: (operatorId: string, userId: string) => call(client.DELETE('/operators/{id}/staff/{userId}', at({ id: operatorId, userId }))),
};
