/**
 * The two registration numbers checked in the browser, so a typo is caught before
 * sending (RULES.md "Numbers and algorithms"). The server checks again and is the
 * one that decides: these only spare the reader a round trip.
 *
 * @example isValidIdNumber('11010519491231002X') // true
 * @example isValidCreditCode('91350100M000100Y43') // true
 */

/** GB 11643-1999 weights over the first 17 digits. */
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** Upper case, no blanks: how a number is compared and sent. */
export function normaliseIdNumber(input: string): string {
  return input.replace(/\s/g, '').toUpperCase();
}

/** The check character of a resident identity number's first 17 digits. */
export function idCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i]!;
  return ID_CHECK[sum % 11]!;
}

/**
 * A resident identity number (GB 11643-1999): 6-digit area, a real birth date
 * YYYYMMDD not after `today`, 3-digit sequence, check character.
 */
export function isValidIdNumber(input: string, today: Date = new Date()): boolean {
  const id = normaliseIdNumber(input);
  if (!/^[1-9]\d{16}[\dX]$/.test(id)) return false;
  if (idCheckCharacter(id.slice(0, 17)) !== id[17]) return false;
  const year = Number(id.slice(6, 10));
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  const born = new Date(Date.UTC(year, month - 1, day));
  if (year < 1800 || born.getUTCFullYear() !== year || born.getUTCMonth() !== month - 1 || born.getUTCDate() !== day) return false;
  return born.getTime() <= today.getTime();
}

/** GB 32100-2015: 31 characters, no I, O, S, V or Z. */
export const CREDIT_CODE_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export function normaliseCreditCode(input: string): string {
  return input.replace(/\s/g, '').toUpperCase();
}

/** The check character over the first 17 characters (each must be in the charset). */
export function creditCodeCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CREDIT_CODE_CHARSET.indexOf(first17[i]!) * CREDIT_WEIGHTS[i]!;
  return CREDIT_CODE_CHARSET[(31 - (sum % 31)) % 31]!;
}

/** A unified social credit code (GB 32100-2015), in any case and with blanks. */
export function isValidCreditCode(input: string): boolean {
  const code = normaliseCreditCode(input);
  if (code.length !== 18 || [...code].some((ch) => !CREDIT_CODE_CHARSET.includes(ch))) return false;
  return creditCodeCheckCharacter(code.slice(0, 17)) === code[17];
}
