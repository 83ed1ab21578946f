/**
 * Resident identity numbers, GB 11643-1999 (RULES.md "Numbers and algorithms").
 * 18 characters: 6-digit area, birth date YYYYMMDD, 3-digit sequence, check character.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export type IdNumberProblem = 'format' | 'checksum' | 'birth_date' | 'future_birth_date';

export interface ParsedIdNumber {
  idNumber: string;
  birthDate: { year: number; month: number; day: number };
}

/** `110105********002X`: enough for a person or a reviewer to recognise, not enough to reuse. */
export function maskIdNumber(idNumber: string): string {
  return `${idNumber.slice(0, 6)}${'*'.repeat(8)}${idNumber.slice(14)}`;
}

/** `张*三`, `欧**娜`, `李*`: the first and (from three characters) the last character shown. */
export function maskRealName(name: string): string {
  const chars = Array.from(name);
  if (chars.length <= 2) return `${chars[0] ?? ''}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

/** The check character for the first 17 digits. */
export function idCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK[sum % 11]!;
}

/**
 * Parses and checks an identity number against `today` (UTC date).
 * @example parseIdNumber('11010519491231002X', new Date()) // { ok: true, value: { birthDate: {1949,12,31} } }
 */
export function parseIdNumber(
  input: string,
  today: Date,
): { ok: true; value: ParsedIdNumber } | { ok: false; problem: IdNumberProblem } {
  const idNumber = input.trim().toUpperCase();
  if (!/^[1-9]\d{16}[\dX]$/.test(idNumber)) return { ok: false, problem: 'format' };
  if (idCheckCharacter(idNumber.slice(0, 17)) !== idNumber[17]) return { ok: false, problem: 'checksum' };
  const year = Number(idNumber.slice(6, 10));
  const month = Number(idNumber.slice(10, 12));
  const day = Number(idNumber.slice(12, 14));
  const date = new Date(Date.UTC(year, month - 1, day));
  // 1800 keeps Date.UTC away from its two-digit-year mapping; RULES.md lists an 1880 birth as valid.
  if (year < 1800 || date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return { ok: false, problem: 'birth_date' };
  }
  if (date.getTime() > today.getTime()) return { ok: false, problem: 'future_birth_date' };
  return { ok: true, value: { idNumber, birthDate: { year, month, day } } };
}

/** Whole years of age on `today` (UTC); a 29 February birthday turns over on 1 March. */
export function ageOn(birth: { year: number; month: number; day: number }, today: Date): number {
  const y = today.getUTCFullYear();
  const m = today.getUTCMonth() + 1;
  const d = today.getUTCDate();
  const hadBirthday = m > birth.month || (m === birth.month && d >= birth.day);
  return y - birth.year - (hadBirthday ? 0 : 1);
}
