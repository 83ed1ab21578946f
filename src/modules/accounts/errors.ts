import { AppError, validationFailed } from '../../lib/errors.js';

/** The accounts module's coded errors (API.md "Accounts and identity"). */
export const accountsErrors = {
  phoneTaken: () => new AppError('conflict', 'PHONE_TAKEN', 'This phone number is already registered'),
  badCredentials: () => new AppError('unauthenticated', 'BAD_CREDENTIALS', 'The phone number or password is wrong'),
  phoneAlreadyVerified: () => new AppError('conflict', 'PHONE_ALREADY_VERIFIED', 'Your phone number is already verified'),
  phoneNotVerified: () => new AppError('forbidden', 'PHONE_NOT_VERIFIED', 'Verify your phone number first'),
  /** Sign-up says one thing for a wrong and an expired code (API.md `POST /auth/register`); the detail tells them apart. */
  signUpBadCode: (why: 'wrong' | 'expired') =>
    new AppError('invalid', 'BAD_CODE', why === 'wrong' ? 'The code is wrong' : 'The code has expired or was tried too often; ask for a new one'),
  badCode: () => new AppError('invalid', 'INVALID_CODE', 'The code is wrong'),
  codeExpired: () => new AppError('invalid', 'CODE_EXPIRED', 'The code has expired or was tried too often; ask for a new one'),
  invalidIdNumber: (detail: string) => new AppError('invalid', 'INVALID_ID_NUMBER', detail),
  invalidRealName: () => validationFailed([{ path: '/body/realName', message: 'must be a real name' }], 'The name is not valid'),
  underage: () => new AppError('forbidden', 'UNDERAGE', 'Agora accounts can be verified from the age of 18'),
  identityTaken: () => new AppError('conflict', 'IDENTITY_TAKEN', 'This identity is already bound to another account'),
  alreadyVerified: () => new AppError('conflict', 'IDENTITY_ALREADY_VERIFIED', 'Your identity is already verified'),
  consentRequired: (purpose: string) =>
    new AppError('forbidden', 'CONSENT_REQUIRED', 'Grant the consent for sensitive personal information first (PUT /me/consents/sensitive_identity)', { extra: { purpose } }),
  /** D4, R15: every module that needs a verified identity throws this one, in its own words. */
  identityRequired: (detail = 'Verify your identity first') => new AppError('forbidden', 'IDENTITY_REQUIRED', detail),
  weakPin: () => new AppError('invalid', 'WEAK_PIN', 'Choose a PIN that is not easy to guess'),
  currentPinRequired: () => validationFailed([{ path: '/body/currentPin', message: 'is required' }], 'Give your current PIN to change it'),
  badPin: (remainingTries: number) => new AppError('unauthenticated', 'BAD_PIN', 'The payment PIN is wrong', { extra: { remainingTries } }),
  pinLocked: (retryAfter: number) =>
    new AppError('locked', 'PIN_LOCKED', 'Too many wrong PINs; payment is locked for 30 minutes', { retryAfter }),
  stepUpRequired: (methods: string[]) =>
    new AppError('unauthenticated', 'STEP_UP_REQUIRED', 'This payment needs a second factor: an authenticator code or a passkey', { extra: { methods } }),
  pinNotSet: () => new AppError('conflict', 'PIN_NOT_SET', 'Set a payment PIN first'),
  totpAlreadyEnabled: () => new AppError('conflict', 'TOTP_ALREADY_ENABLED', 'An authenticator is already enrolled'),
  totpNotEnrolled: () => new AppError('conflict', 'TOTP_NOT_ENROLLED', 'Start authenticator enrolment first'),
  badTotp: () => new AppError('invalid', 'INVALID_TOTP', 'The authenticator code is wrong or was already used'),
};
