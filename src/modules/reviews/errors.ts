import { AppError, validationFailed } from '../../lib/errors.js';

/** The reviews module's coded errors (API.md "Reviews, tracking, after-sales"). */
export const reviewsErrors = {
  notReceived: (status: string) => new AppError('conflict', 'NOT_RECEIVED', `An order that is ${status} has not been received: review it after receipt`),
  notReviewable: (status: string) => new AppError('conflict', 'NOT_REVIEWABLE', `An order that is ${status} cannot be reviewed`),
  alreadyReviewed: () => new AppError('conflict', 'ALREADY_REVIEWED', 'This item has been reviewed already'),
  windowClosed: () => new AppError('conflict', 'REVIEW_WINDOW_CLOSED', 'The 15 days to review this item after receipt have passed'),
  alreadyFollowedUp: () => new AppError('conflict', 'ALREADY_FOLLOWED_UP', 'This review has its follow-up already'),
  followUpClosed: () => new AppError('conflict', 'FOLLOW_UP_WINDOW_CLOSED', 'The 180 days to follow up this review have passed'),
  alreadyReplied: () => new AppError('conflict', 'ALREADY_REPLIED', 'The shop has replied to this review already'),
  appealOpen: () => new AppError('conflict', 'APPEAL_OPEN', 'This review already has an open appeal'),
  appealDecided: (status: string) => new AppError('conflict', 'APPEAL_DECIDED', `This appeal was ${status} already`),
  reviewHidden: () => new AppError('conflict', 'REVIEW_HIDDEN', 'The platform has hidden this review already'),
  repeatedImage: (path: string) => validationFailed([{ path, message: 'is the same image as an earlier one' }]),
};
