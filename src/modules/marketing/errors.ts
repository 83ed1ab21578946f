import { AppError } from '../../lib/errors.js';

/** The marketing module's coded errors. */
export const marketingErrors = {
  notApproved: () => new AppError('forbidden', 'OPERATOR_NOT_APPROVED', 'The shop is not approved'),
};
