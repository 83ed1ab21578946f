/**
 * Personal-data keys. Production takes them from AGORA_DATA_KEYS / AGORA_LOOKUP_KEY;
 * elsewhere, when unset, a key set is generated into DATA_DIR on first start (with a
 * warning) and reused after, so a restart can still read what was written.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface KeyRing {
  /** The key new values are sealed with. */
  readonly current: { id: string; key: Buffer };
  readonly byId: ReadonlyMap<string, Buffer>;
  /** HMAC key for lookup hashes; separate so data keys can rotate without re-hashing. */
  readonly lookupKey: Buffer;
}

/** Parse `id:base64key,…` (first current) and a base64 lookup key. */
export function parseKeyRing(dataKeys: string, lookupKey: string): KeyRing {
  const entries = dataKeys.split(',').map((pair) => {
    const [id, b64] = pair.split(':') as [string, string];
    const key = Buffer.from(b64, 'base64');
    if (key.length !== 32) throw new Error(`data key ${id} is not 32 bytes`);
    return [id, key] as const;
  });
  const [first] = entries;
  if (!first) throw new Error('no data key');
  return { current: { id: first[0], key: first[1] }, byId: new Map(entries), lookupKey: Buffer.from(lookupKey, 'base64') };
}

export function generateKeyMaterial(): { dataKeys: string; lookupKey: string } {
  return {
    dataKeys: `k${new Date().toISOString().slice(0, 10).replaceAll('-', '')}:${randomBytes(32).toString('base64')}`,
    lookupKey: randomBytes(32).toString('base64'),
  };
}

/**
 * The key ring for this process: from configuration, or from `DATA_DIR/keys.json`,
 * generated there on first use. `warn` is told when a key file is created.
 */
export function loadKeyRing(
  options: { dataKeys: string | undefined; lookupKey: string | undefined; dataDir: string },
  warn: (message: string) => void,
): KeyRing {
  if (options.dataKeys && options.lookupKey) return parseKeyRing(options.dataKeys, options.lookupKey);
  const file = path.join(options.dataDir, 'keys.json');
  let material: { dataKeys: string; lookupKey: string };
  if (fs.existsSync(file)) {
    material = JSON.parse(fs.readFileSync(file, 'utf8')) as typeof material;
  } else {
    material = generateKeyMaterial();
    fs.mkdirSync(options.dataDir, { recursive: true });
    fs.writeFileSync(file, JSON.stringify(material, null, 2), { mode: 0o600 });
    warn(`generated personal-data keys into ${file}; set AGORA_DATA_KEYS and AGORA_LOOKUP_KEY in production`);
  }
  return parseKeyRing(options.dataKeys ?? material.dataKeys, options.lookupKey ?? material.lookupKey);
}
