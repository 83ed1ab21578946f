import { AppError } from '../../lib/errors.js';

/** 问大家's coded errors (API.md "问大家"). */
export const questionsErrors = {
  notABuyer: () =>
    new AppError('forbidden', 'NOT_A_BUYER', 'Only people who bought and received this product, or its shop, can answer questions about it'),
  alreadyAnswered: () => new AppError('conflict', 'ALREADY_ANSWERED', 'You have answered this question already'),
  /** 10 questions in any 24 hours; Retry-After says when the oldest of them leaves the window. */
  dailyLimit: (retryAfter: number) => new AppError('rate_limited', 'QUESTION_LIMIT_REACHED', 'You have asked 10 questions in the last 24 hours; ask again later', { retryAfter }),
  /** The same code and words as notes' (social/errors.ts): one rule, one answer. */
  prohibited: (word: string) =>
    new AppError('unprocessable', 'PROHIBITED_CONTENT', 'The text contains a word the platform rules do not allow; change it and post again', { extra: { word } }),
  alreadyHidden: () => new AppError('conflict', 'ALREADY_HIDDEN', 'The platform has hidden this already'),
};
