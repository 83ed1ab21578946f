import { describe, expect, it } from 'vitest';
import { hashSecret, isTrivialPin, passwordHasher, verifySecret } from './credentials.js';

describe('isTrivialPin', () => {
  it('refuses repeated digits, runs, repeated patterns and mirrored halves', () => {
    for (const pin of ['000000', '999999', '123456', '234567', '890123', '654321', '210987', '121212', '123123', '123321', '112211']) {
      expect([pin, isTrivialPin(pin)]).toEqual([pin, true]);
    }
  });
  it('refuses the birthday as YYMMDD, MMDDYY or DDMMYY', () => {
    const born = { year: 1990, month: 3, day: 12 };
    for (const pin of ['900312', '031290', '120390']) expect(isTrivialPin(pin, born)).toBe(true);
    expect(isTrivialPin('900313', born)).toBe(false);
  });
  it('accepts ordinary PINs', () => {
    for (const pin of ['258036', '147036', '830261', '502918']) expect([pin, isTrivialPin(pin)]).toEqual([pin, false]);
  });
});

describe('hashSecret / verifySecret', () => {
  it('verifies the right secret only, with a fresh salt each time', async () => {
    const a = await hashSecret('258036');
    const b = await hashSecret('258036');
    expect(a).not.toBe(b);
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(await verifySecret('258036', a)).toBe(true);
    expect(await verifySecret('258037', a)).toBe(false);
    expect(await verifySecret('258036', 'garbage')).toBe(false);
  });
});

describe('passwordHasher', () => {
  it('hashes at its cost, verifies a hash of any cost, and its dummy hash costs the same and matches nothing', async () => {
    const production = passwordHasher();
    const light = passwordHasher(10);
    expect(await production.hash('correct-horse-9')).toMatch(/^scrypt\$16384\$8\$1\$/);
    const stored = await light.hash('correct-horse-9');
    expect(stored).toMatch(/^scrypt\$1024\$8\$1\$/);
    expect(await production.verify('correct-horse-9', stored)).toBe(true);
    expect(await production.verify('correct-horse-8', stored)).toBe(false);
    expect(light.dummyHash).toMatch(/^scrypt\$1024\$/);
    expect(production.dummyHash).toMatch(/^scrypt\$16384\$/);
    expect(await production.verify('', production.dummyHash)).toBe(false);
  });
});
