import { AppError } from '../../http/errors.js';

/** The accounts module's coded errors (API.md "Accounts and identity"). */
export const accountsErrors = {
  phoneTaken: () => new AppError(409, 'PHONE_TAKEN', 'This phone number is already registered'),
  badCredentials: () => new AppError(401, 'BAD_CREDENTIALS', 'The phone number or password is wrong'),
  phoneAlreadyVerified: () => new AppError(409, 'PHONE_ALREADY_VERIFIED', 'Your phone number is already verified'),
  phoneNotVerified: () => new AppError(403, 'PHONE_NOT_VERIFIED', 'Verify your phone number first'),
  badCode: () => new AppError(400, 'INVALID_CODE', 'The code is wrong'),
  codeExpired: () => new AppError(400, 'CODE_EXPIRED', 'The code has expired or was tried too often; ask for a new one'),
  invalidIdNumber: (detail: string) => new AppError(400, 'INVALID_ID_NUMBER', detail),
  invalidRealName: () =>
    new AppError(400, 'VALIDATION_FAILED', 'The name is not valid', { errors: [{ path: '/body/realName', message: 'must be a real name' }] }),
  underage: () => new AppError(403, 'UNDERAGE', 'Agora accounts can be verified from the age of 18'),
  identityTaken: () => new AppError(409, 'IDENTITY_TAKEN', 'This identity is already bound to another account'),
  alreadyVerified: () => new AppError(409, 'IDENTITY_ALREADY_VERIFIED', 'Your identity is already verified'),
  consentRequired: (purpose: string) =>
    new AppError(403, 'CONSENT_REQUIRED', 'Grant the consent for sensitive personal information first (PUT /me/consents/sensitive_identity)', { extra: { purpose } }),
  identityRequired: () => new AppError(403, 'IDENTITY_REQUIRED', 'Verify your identity first'),
  weakPin: () => new AppError(400, 'WEAK_PIN', 'Choose a PIN that is not easy to guess'),
  currentPinRequired: () =>
    new AppError(400, 'VALIDATION_FAILED', 'Give your current PIN to change it', {
      errors: [{ path: '/body/currentPin', message: 'is required' }],
    }),
  badPin: (remainingTries: number) => new AppError(401, 'BAD_PIN', 'The payment PIN is wrong', { extra: { remainingTries } }),
  pinLocked: (retryAfter: number) =>
    new AppError(423, 'PIN_LOCKED', 'Too many wrong PINs; payment is locked for 30 minutes', { retryAfter }),
  pinNotSet: () => new AppError(409, 'PIN_NOT_SET', 'Set a payment PIN first'),
  totpAlreadyEnabled: () => new AppError(409, 'TOTP_ALREADY_ENABLED', 'An authenticator is already enrolled'),
  totpNotEnrolled: () => new AppError(409, 'TOTP_NOT_ENROLLED', 'Start authenticator enrolment first'),
  badTotp: () => new AppError(400, 'INVALID_TOTP', 'The authenticator code is wrong or was already used'),
};
