import { AppError } from '../../http/errors.js';

/** The passkeys module's coded errors (API.md "Accounts and identity": `/me/passkeys`). */
export const passkeysErrors = {
  registrationRejected: (detail: string) => new AppError(400, 'PASSKEY_REGISTRATION_FAILED', detail),
  alreadyRegistered: () => new AppError(409, 'PASSKEY_ALREADY_REGISTERED', 'This passkey is already registered'),
  noPasskey: () => new AppError(409, 'NO_PASSKEY', 'Register a passkey first'),
  rejected: (detail: string) => new AppError(401, 'PASSKEY_REJECTED', detail),
};
