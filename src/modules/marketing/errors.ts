import { AppError } from '../../http/errors.js';

/** The marketing module's coded errors. */
export const marketingErrors = {
  notApproved: () => new AppError(403, 'OPERATOR_NOT_APPROVED', 'The shop is not approved'),
};
