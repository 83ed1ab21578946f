import { AppError } from '../../lib/errors.js';

/** The passkeys module's coded errors (API.md "Accounts and identity": `/me/passkeys`). */
export const passkeysErrors = {
  registrationRejected: (detail: string) => new AppError('invalid', 'PASSKEY_REGISTRATION_FAILED', detail),
  alreadyRegistered: () => new AppError('conflict', 'PASSKEY_ALREADY_REGISTERED', 'This passkey is already registered'),
  noPasskey: () => new AppError('conflict', 'NO_PASSKEY', 'Register a passkey first'),
  rejected: (detail: string) => new AppError('unauthenticated', 'PASSKEY_REJECTED', detail),
};
