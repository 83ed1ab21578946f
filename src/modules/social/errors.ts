import { AppError, unauthorized, validationFailed } from '../../lib/errors.js';

/** The social module's coded errors (API.md "Social"). */
export const socialErrors = {
  unknownProduct: (path: string) => validationFailed([{ path, message: 'is not a product on sale' }]),
  unknownSku: (path: string) => validationFailed([{ path, message: 'is not a SKU on sale of this product' }]),
  unknownOperator: () => validationFailed([{ path: '/body/sponsoredBy', message: 'is not an approved operator' }]),
  repeatedImage: (path: string) => validationFailed([{ path, message: 'appears more than once' }]),
  prohibited: (word: string) =>
    new AppError('unprocessable', 'PROHIBITED_CONTENT', 'The text contains a word the platform rules do not allow; change it and post again', { extra: { word } }),
  replyToReply: () => validationFailed([{ path: '/body/parentId', message: 'is a reply; reply to the comment it answers (one level of replies)' }]),
  unknownParent: () => validationFailed([{ path: '/body/parentId', message: 'is not a comment on this note' }]),
  selfFollow: () => new AppError('conflict', 'SELF_FOLLOW', 'You cannot follow yourself'),
  followingNeedsSignIn: () => unauthorized('Sign in to see the notes of people you follow'),
  badCursor: () => validationFailed([{ path: '/querystring/cursor', message: 'is not a cursor this feed gave out (or it has expired)' }]),
  notReported: () => new AppError('conflict', 'NOTE_NOT_REPORTED', 'A note is hidden only after someone reports it (R11)'),
  alreadyHidden: () => new AppError('conflict', 'NOTE_ALREADY_HIDDEN', 'The note is already hidden'),
};
