import { AppError, validationFailed } from '../../lib/errors.js';
import { operatorsErrors } from '../operators/index.js';

/** The bargain module's coded errors (API.md "Bargains"). */
export const bargainErrors = {
  noOffer: () => validationFailed([{ path: '/body/skuId', message: 'is not a SKU on sale with a bargain offer' }]),
  /** The same code and status as an order's (API.md "Orders"): the shop is closed or suspended. */
  notSelling: (shopName: string) => operatorsErrors.notSelling(shopName),
  alreadyActive: () => new AppError('conflict', 'BARGAIN_ALREADY_ACTIVE', 'You already have an active bargain on this SKU'),
  selfHelp: () => new AppError('forbidden', 'SELF_HELP', 'You cannot help your own bargain'),
  alreadyHelped: () => new AppError('conflict', 'ALREADY_HELPED', 'You have already helped this bargain'),
  expired: () => new AppError('conflict', 'BARGAIN_EXPIRED', 'This bargain has passed its 24-hour deadline'),
  atFloor: () => new AppError('conflict', 'BARGAIN_AT_FLOOR', 'This bargain is already at its lowest price'),
  alreadyOrdered: () => new AppError('conflict', 'BARGAIN_ORDERED', 'This bargain has already been ordered'),
  /** RULES.md "Bargain": 10 helps per helper per Beijing day; Retry-After says when the next day starts. */
  dailyLimit: (retryAfter: number) => new AppError('rate_limited', 'HELP_LIMIT_REACHED', 'You have helped 10 bargains today; you can help again after midnight (Beijing time)', { retryAfter }),
};
