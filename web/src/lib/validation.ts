/** Checks made before sending, so the reader gets a message in their language at once; the server checks again. */
import type { Messages } from '../app/locales/zh-CN';

/** A mainland mobile number (API.md "Accounts and identity"). */
export const PHONE_PATTERN = /^1[3-9]\d{9}$/;
/** SMS codes, TOTP codes and payment PINs. */
export const SIX_DIGITS = /^\d{6}$/;
/** A resident identity number's shape; the checksum and date are the server's to judge. */
export const ID_NUMBER_SHAPE = /^\d{17}[\dX]$/;

/** A problem found before sending, kept as a message key so it follows a language switch. */
export type InputProblem = `validation.${keyof Messages['validation']}` | 'pin.notSixDigits' | 'pin.mismatch';
