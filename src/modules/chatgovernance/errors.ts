import { AppError } from '../../lib/errors.js';

/** The chat governance module's coded errors. */
export const chatGovernanceErrors = {
  alreadyReported: (reportId: string) => new AppError('conflict', 'CHAT_REPORT_ALREADY_OPEN', 'You have already reported this message; the platform is looking at it', { extra: { reportId } }),
  ownMessage: () => new AppError('conflict', 'CHAT_REPORT_OWN_MESSAGE', 'You cannot report your own message'),
  alreadyResolved: () => new AppError('conflict', 'CHAT_REPORT_RESOLVED', 'This report has already been resolved'),
};
