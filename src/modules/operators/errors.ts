import { AppError } from '../../lib/errors.js';

/** The operators module's coded errors (API.md "Operators and service providers"). */
export const operatorsErrors = {
  invalidCreditCode: (path: string) =>
    new AppError('invalid', 'INVALID_CREDIT_CODE', 'The unified social credit code is not valid (GB 32100)', { errors: [{ path, message: 'is not a valid credit code' }] }),
  invalidIdNumber: () => new AppError('invalid', 'INVALID_ID_NUMBER', 'The identity number is not valid (GB 11643)'),
  kindMismatch: (kind: string) =>
    new AppError('invalid', 'VALIDATION_FAILED', `A ${kind} registration takes the \`${kind}\` details and only those`, {
      errors: [{ path: `/body/${kind}`, message: 'is required, and the other kind’s details must be absent' }],
    }),
  identityRequired: () => new AppError('forbidden', 'IDENTITY_REQUIRED', 'Verify your own identity before registering a shop'),
  identityMismatch: () =>
    new AppError('forbidden', 'IDENTITY_MISMATCH', 'An individual operator registers with the real name and identity number verified on this account'),
  alreadyRegistered: () => new AppError('conflict', 'ALREADY_REGISTERED', 'You already have a registration that is pending or approved'),
  creditCodeTaken: () => new AppError('conflict', 'CREDIT_CODE_TAKEN', 'This credit code is already registered'),
  notPending: () => new AppError('conflict', 'NOT_PENDING', 'Only a pending registration can be decided'),
  notApproved: () => new AppError('forbidden', 'OPERATOR_NOT_APPROVED', 'The shop is not approved'),
  closureTooSoon: () => new AppError('invalid', 'CLOSURE_TOO_SOON', 'A closure is announced at least 30 days ahead (E-Commerce Law art. 16)'),
  closureAnnounced: () => new AppError('conflict', 'CLOSURE_ALREADY_ANNOUNCED', 'The closure is already announced'),
};
