/**
 * Password and PIN hashing with scrypt (memory-hard, in Node's crypto: no native
 * add-on to build) and the rule for which PINs are too easy to guess.
 *
 * Passwords get the full work factor. A six-digit PIN has only a million values,
 * so no work factor protects it from someone holding the hash (at 40 ms a guess
 * one user's PIN falls in 11 CPU-hours); what protects it is the lockout online
 * and, offline, a key the database does not hold — as payment systems keep PIN
 * keys in an HSM. PINs are therefore peppered with a keyed HMAC (the caller's
 * `pepper`) and then hashed with a light scrypt, which keeps a payment fast.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const PARAMS = { N: 16384, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } satisfies ScryptOptions;
/** For peppered PINs: about 2 ms here, against about 40 ms for PARAMS. */
export const PIN_PARAMS = { N: 1024, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } satisfies ScryptOptions;
const KEY_LENGTH = 32;

function derive(secret: string, salt: Buffer, params: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(secret.normalize('NFKC'), salt, KEY_LENGTH, params, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

/**
 * `scheme$N$r$p$salt$hash`: the parameters travel with the hash so they can be
 * raised later. `scrypt` hashes the secret itself; `pin-scrypt` a peppered PIN.
 */
export async function hashSecret(secret: string, params: ScryptOptions = PARAMS, scheme: 'scrypt' | 'pin-scrypt' = 'scrypt'): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(secret, salt, params);
  return `${scheme}$${params.N}$${params.r}$${params.p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

/** A keyed hash held outside the database (the privacy module's `pepper`). */
export type Pepper = (value: string) => string;

/** Bound to the user, so equal PINs of two users differ even before the salt. */
const pepperedPin = (pepper: Pepper, userId: string, pin: string) => pepper(`${userId}:${pin}`);

/** The stored form of a payment PIN: the peppered value under a light scrypt. */
export const hashPin = (pepper: Pepper, userId: string, pin: string) => hashSecret(pepperedPin(pepper, userId, pin), PIN_PARAMS, 'pin-scrypt');

/** A PIN hash made before peppering: verified as it was, and worth replacing. */
export const isLegacyPinHash = (stored: string) => !stored.startsWith('pin-scrypt$');

export const verifyPin = (pepper: Pepper, userId: string, pin: string, stored: string) =>
  verifySecret(isLegacyPinHash(stored) ? pin : pepperedPin(pepper, userId, pin), stored);

/** Password hashing at one work factor (config.passwordHashCost); verifying reads the factor from the hash. */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(password: string, stored: string): Promise<boolean>;
  /** A hash to compare against when the account does not exist, at the same cost, so timing does not reveal it. */
  readonly dummyHash: string;
}

export function passwordHasher(cost = 14): PasswordHasher {
  const params = { ...PARAMS, N: 2 ** cost };
  return {
    hash: (password) => hashSecret(password, params),
    verify: verifySecret,
    dummyHash: `scrypt$${params.N}$${params.r}$${params.p}$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`,
  };
}

export async function verifySecret(secret: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, saltText, hashText] = stored.split('$');
  if ((scheme !== 'scrypt' && scheme !== 'pin-scrypt') || !saltText || !hashText) return false;
  const expected = Buffer.from(hashText, 'base64url');
  const key = await derive(secret, Buffer.from(saltText, 'base64url'), { N: Number(n), r: Number(r), p: Number(p), maxmem: PARAMS.maxmem });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/**
 * Six digits that a thief would try first are refused: one digit repeated, runs up
 * or down (123456, 987654, 901234), two- or three-digit patterns repeated (121212,
 * 123123), and the holder's birthday as YYMMDD or MMDDYY.
 */
export function isTrivialPin(pin: string, birthDate?: { year: number; month: number; day: number }): boolean {
  const d = [...pin].map(Number);
  const steps = d.slice(1).map((v, i) => (v - d[i]! + 10) % 10);
  if (steps.every((s) => s === 0) || steps.every((s) => s === 1) || steps.every((s) => s === 9)) return true;
  if (pin.slice(0, 2).repeat(3) === pin || pin.slice(0, 3).repeat(2) === pin) return true;
  // Mirrored halves such as 123321 or 112211.
  if (pin.slice(0, 3) === [...pin.slice(3)].reverse().join('')) return true;
  if (birthDate) {
    const yy = String(birthDate.year % 100).padStart(2, '0');
    const mm = String(birthDate.month).padStart(2, '0');
    const dd = String(birthDate.day).padStart(2, '0');
    if ([`${yy}${mm}${dd}`, `${mm}${dd}${yy}`, `${dd}${mm}${yy}`].includes(pin)) return true;
  }
  return false;
}
