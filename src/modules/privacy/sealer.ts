/**
 * AES-256-GCM sealing with a key id in every value, so keys can rotate: new values
 * use the current key, old ones open with the key they name. The `purpose` is bound
 * as associated data, so a sealed phone number cannot be passed off as a name.
 */
import { createCipheriv, createDecipheriv, createHmac } from 'node:crypto';
import { randomBytesPooled } from '../../lib/random.js';
import type { KeyRing } from './keys.js';

export interface Sealed {
  sealed: string;
  keyId: string;
}

export interface Sealer {
  seal(plaintext: string, purpose: string): Sealed;
  open(sealed: string, purpose: string): string;
  /** Keyed hash for lookup and uniqueness: equal inputs, equal hashes; no key, no dictionary attack. */
  lookupHash(purpose: string, normalised: string): string;
}

export function createSealer(keys: KeyRing): Sealer {
  return {
    seal(plaintext, purpose) {
      const iv = randomBytesPooled(12);
      const cipher = createCipheriv('aes-256-gcm', keys.current.key, iv);
      cipher.setAAD(Buffer.from(purpose));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
      return { sealed: `v1.${keys.current.id}.${iv.toString('base64url')}.${body.toString('base64url')}`, keyId: keys.current.id };
    },
    open(sealed, purpose) {
      const [version, keyId, ivText, bodyText] = sealed.split('.');
      const key = keyId ? keys.byId.get(keyId) : undefined;
      if (version !== 'v1' || !key || !ivText || !bodyText) throw new Error(`cannot open sealed value (key ${keyId ?? '?'})`);
      const body = Buffer.from(bodyText, 'base64url');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(ivText, 'base64url'));
      decipher.setAAD(Buffer.from(purpose));
      decipher.setAuthTag(body.subarray(body.length - 16));
      return Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]).toString('utf8');
    },
    lookupHash(purpose, normalised) {
      return createHmac('sha256', keys.lookupKey).update(`${purpose}\0${normalised}`).digest('base64url');
    },
  };
}
