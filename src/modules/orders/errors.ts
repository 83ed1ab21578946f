import { AppError, unauthorized, validationFailed } from '../../lib/errors.js';
import { operatorsErrors } from '../operators/index.js';

/** The orders module's coded errors (API.md "Orders, payment, escrow"). */
export const ordersErrors = {
  /** The account was erased (DELETE /me) while this request was on its way: as if signed out. */
  buyerGone: () => unauthorized('This account no longer exists'),
  outOfStock: (skuId: string) => new AppError('conflict', 'OUT_OF_STOCK', 'Not enough stock for one of the items', { extra: { skuId } }),
  unknownSku: (index: number) => validationFailed([{ path: `/body/items/${index}/skuId`, message: 'is not a SKU on sale' }]),
  repeatedSku: (index: number) => validationFailed([{ path: `/body/items/${index}/skuId`, message: 'appears more than once; set the quantity instead' }]),
  unknownAddOn: (index: number) => validationFailed([{ path: `/body/addOnIds/${index}`, message: 'is not an add-on of a product in this order' }]),
  unknownAttribution: () => validationFailed([{ path: '/body/attribution', message: 'is not a link from a note' }]),
  unknownAddress: () => validationFailed([{ path: '/body/addressId', message: 'is not in your address book' }]),
  notSelling: (shopName: string) => operatorsErrors.notSelling(shopName),
  notPayable: (status: string) => new AppError('conflict', 'ORDER_NOT_PAYABLE', `The order is ${status}, not awaiting payment`),
  expired: () => new AppError('conflict', 'ORDER_EXPIRED', 'The order was not paid in time (30 minutes; 15 for a group-buy seat) and has expired'),
  groupNotComplete: () => new AppError('conflict', 'GROUP_NOT_COMPLETE', 'This group buy is not complete yet; its orders ship when the last seat is paid'),
  returnNotAllowed: (detail: string) => new AppError('conflict', 'RETURN_NOT_ALLOWED', detail),
  disputeOpen: (action: string) => new AppError('conflict', 'DISPUTE_OPEN', `Cannot ${action} an order with an open dispute; the dispute settles what is refunded`),
  wrongState: (action: string, status: string) => new AppError('conflict', 'ORDER_STATE_CONFLICT', `Cannot ${action} an order that is ${status}`),
};
