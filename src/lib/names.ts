/**
 * A person's legal name as on a resident identity card: Han characters or Latin
 * letters, with the middle dot of minority and transliterated names (欧阳·娜娜),
 * 2 to 30 characters, no digits, symbols or blanks at either end.
 */
export const REAL_NAME_PATTERN = '^[\\p{Script=Han}A-Za-z][\\p{Script=Han}A-Za-z·• ]{0,28}[\\p{Script=Han}A-Za-z]$';
const REAL_NAME = new RegExp(REAL_NAME_PATTERN, 'u');

export function isRealName(name: string): boolean {
  return REAL_NAME.test(name);
}
