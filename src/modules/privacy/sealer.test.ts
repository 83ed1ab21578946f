import { describe, expect, it } from 'vitest';
import { generateKeyMaterial, parseKeyRing } from './keys.js';
import { createSealer } from './sealer.js';

describe('sealer (AES-256-GCM with key ids)', () => {
  const first = generateKeyMaterial();

  it('round-trips and never holds the plaintext', () => {
    const sealer = createSealer(parseKeyRing(first.dataKeys, first.lookupKey));
    const { sealed, keyId } = sealer.seal('13800138000', 'phone');
    expect(sealed).not.toContain('13800138000');
    expect(sealed.startsWith(`v1.${keyId}.`)).toBe(true);
    expect(sealer.open(sealed, 'phone')).toBe('13800138000');
  });

  it('opens old values after a new key is put in front (rotation)', () => {
    const old = createSealer(parseKeyRing(first.dataKeys, first.lookupKey));
    const { sealed } = old.seal('欧阳娜娜', 'real_name');
    const next = generateKeyMaterial();
    const rotated = createSealer(parseKeyRing(`new:${next.dataKeys.split(':')[1]},${first.dataKeys}`, first.lookupKey));
    expect(rotated.open(sealed, 'real_name')).toBe('欧阳娜娜');
    expect(rotated.seal('x', 'real_name').keyId).toBe('new');
    // Lookup hashes survive rotation: they use the separate lookup key.
    expect(rotated.lookupHash('phone', '13800138000')).toBe(old.lookupHash('phone', '13800138000'));
  });

  it('refuses a tampered value and a value presented for another purpose', () => {
    const sealer = createSealer(parseKeyRing(first.dataKeys, first.lookupKey));
    const { sealed } = sealer.seal('110105194912310021', 'id_number');
    expect(() => sealer.open(sealed, 'phone')).toThrow();
    const parts = sealed.split('.');
    const body = Buffer.from(parts[3]!, 'base64url');
    body[0] = body[0]! ^ 1;
    parts[3] = body.toString('base64url');
    expect(() => sealer.open(parts.join('.'), 'id_number')).toThrow();
  });
});
