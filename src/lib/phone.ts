/** Mainland mobile number (RULES.md): `^1[3-9]\d{9}$`, shown masked as `138****1234`. */
export const PHONE_PATTERN = '^1[3-9][0-9]{9}$';

export function isPhone(value: string): boolean {
  return /^1[3-9][0-9]{9}$/.test(value);
}

export function maskPhone(phone: string): string {
  return `${phone.slice(0, 3)}****${phone.slice(7)}`;
}
