import { AppError } from '../../lib/errors.js';

/** The privacy module's coded errors (API.md "Privacy"). */
export const privacyErrors = {
  consentTextChanged: (version: string) =>
    new AppError('conflict', 'CONSENT_TEXT_CHANGED', 'The consent text changed since you read it; read the new text and answer again', { extra: { version } }),
};
