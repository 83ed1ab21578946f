import { AppError, validationFailed } from '../../lib/errors.js';

/** The conversations module's coded errors (API.md "Conversations"). */
export const conversationsErrors = {
  ownShop: () => new AppError('conflict', 'OWN_SHOP', 'You cannot open a conversation with your own shop'),
  dailyLimit: (retryAfter: number, cap: number) =>
    new AppError('rate_limited', 'CONVERSATION_LIMIT', `You can start at most ${cap} new conversations a day; try again tomorrow`, { retryAfter, extra: { limit: cap } }),
  /** The same code as notes and comments (social/errors.ts): one word list, one answer. */
  prohibited: (word: string) => new AppError('unprocessable', 'PROHIBITED_CONTENT', 'The text contains a word the platform rules do not allow; change it and send again', { extra: { word } }),
  productNotOfShop: () =>
    new AppError('unprocessable', 'PRODUCT_NOT_OF_SHOP', 'Only a product of this shop can be sent here', { errors: [{ path: '/body/productId', message: 'is not a product of this shop' }] }),
  orderNotOfConversation: () =>
    new AppError('unprocessable', 'ORDER_NOT_OF_CONVERSATION', 'Only an order of this buyer with this shop can be sent here', { errors: [{ path: '/body/orderId', message: 'is not an order of this buyer with this shop' }] }),
  quickReplyLimit: (cap: number) => new AppError('conflict', 'QUICK_REPLY_LIMIT', `A shop keeps at most ${cap} quick replies; remove one first`, { extra: { limit: cap } }),
  /** The body must carry exactly what its `kind` names. */
  kindNeeds: (field: string) => validationFailed([{ path: `/body/${field}`, message: 'is required for this kind of message' }]),
  kindRefuses: (field: string) => validationFailed([{ path: `/body/${field}`, message: 'is not allowed for this kind of message' }]),
  notOwnImage: () => validationFailed([{ path: '/body/image', message: 'must be an image you uploaded (POST /uploads)' }]),
};
