import { AppError, validationFailed } from '../../lib/errors.js';
import { accountsErrors } from '../accounts/index.js';

/** The operators module's coded errors (API.md "Operators and service providers"). */
export const operatorsErrors = {
  invalidCreditCode: (path: string) =>
    new AppError('invalid', 'INVALID_CREDIT_CODE', 'The unified social credit code is not valid (GB 32100)', { errors: [{ path, message: 'is not a valid credit code' }] }),
  invalidIdNumber: () => accountsErrors.invalidIdNumber('The identity number is not valid (GB 11643)'),
  kindMismatch: (kind: string) =>
    validationFailed([{ path: `/body/${kind}`, message: 'is required, and the other kind’s details must be absent' }], `A ${kind} registration takes the \`${kind}\` details and only those`),
  identityRequired: () => accountsErrors.identityRequired('Verify your own identity before registering a shop'),
  identityMismatch: () =>
    new AppError('forbidden', 'IDENTITY_MISMATCH', 'An individual operator registers with the real name and identity number verified on this account'),
  alreadyRegistered: () => new AppError('conflict', 'ALREADY_REGISTERED', 'You already have a registration that is pending or approved'),
  creditCodeTaken: () => new AppError('conflict', 'CREDIT_CODE_TAKEN', 'This credit code is already registered'),
  notPending: () => new AppError('conflict', 'NOT_PENDING', 'Only a pending registration can be decided'),
  /** Every module that needs an approved shop throws this one, in its own words. */
  notApproved: (detail = 'The shop is not approved') => new AppError('forbidden', 'OPERATOR_NOT_APPROVED', detail),
  /** R16: the deposit stays until the shop has closed and nothing is left it might answer for. */
  depositLocked: (detail: string) => new AppError('conflict', 'DEPOSIT_LOCKED', detail),
  /** Checkout and bargains: the shop takes no orders now (R2 closure, R3 suspension). */
  notSelling: (shopName: string) => new AppError('conflict', 'OPERATOR_NOT_SELLING', `${shopName} is not taking orders now`),
  closureTooSoon: () => new AppError('invalid', 'CLOSURE_TOO_SOON', 'A closure is announced at least 30 days ahead (E-Commerce Law art. 16)'),
  /** Staff (issue 18): one answer for an unknown, unverified or erased phone, so the owner learns nothing more. */
  staffUserNotFound: () => new AppError('not_found', 'STAFF_USER_NOT_FOUND', 'No registered user with a verified phone has this number'),
  alreadyMember: () => new AppError('conflict', 'ALREADY_A_MEMBER', 'This user already serves the shop'),
  staffLimit: (max: number) => new AppError('conflict', 'STAFF_LIMIT', `A shop has at most ${max} staff`),
  ownerNotRemovable: () => new AppError('conflict', 'OWNER_NOT_REMOVABLE', 'The shop owner cannot be removed from the shop'),
  closureAnnounced: () => new AppError('conflict', 'CLOSURE_ALREADY_ANNOUNCED', 'The closure is already announced'),
};
