import { AppError, validationFailed } from '../../lib/errors.js';

/** The group-buy module's coded errors (API.md "Group buys"). */
export const groupBuyErrors = {
  unknownSku: () => validationFailed([{ path: '/body/skuId', message: 'is not a SKU on sale' }]),
  noGroupOffer: () => new AppError('conflict', 'NO_GROUP_OFFER', 'This SKU has no group price; buy it alone or pick another'),
  notOpen: () => new AppError('conflict', 'GROUP_NOT_OPEN', 'This group opens to others once its initiator has paid'),
  full: () => new AppError('conflict', 'GROUP_FULL', 'This group has no seat left; open a group of your own'),
  expired: () => new AppError('conflict', 'GROUP_EXPIRED', 'This group did not fill in 24 hours and has closed; every paid member is refunded'),
  alreadyMember: () => new AppError('conflict', 'ALREADY_MEMBER', 'You already have a seat in this group'),
};
