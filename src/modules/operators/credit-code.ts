/**
 * Unified social credit codes, GB 32100-2015 (RULES.md "Numbers and algorithms"):
 * 18 characters from a 31-character set without I, O, S, V, Z; the last is a check
 * character over the first 17.
 */
export const CREDIT_CODE_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The check character for the first 17 characters (which must all be in the charset). */
export function creditCodeCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CREDIT_CODE_CHARSET.indexOf(first17[i]!) * WEIGHTS[i]!;
  return CREDIT_CODE_CHARSET[(31 - (sum % 31)) % 31]!;
}

/**
 * The normalised code (upper case, trimmed) when it is valid, else undefined.
 * @example normaliseCreditCode('91350100m000100y43') // '91350100M000100Y43'
 */
export function normaliseCreditCode(input: string): string | undefined {
  const code = input.trim().toUpperCase();
  if (code.length !== 18 || [...code].some((ch) => !CREDIT_CODE_CHARSET.includes(ch))) return undefined;
  return creditCodeCheckCharacter(code.slice(0, 17)) === code[17] ? code : undefined;
}
