/**
 * Where uploaded files live. The local implementation writes under
 * `DATA_DIR/uploads`; an object store (S3, OSS, COS) implements the same three calls.
 */
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';

export interface ObjectStorage {
  put(key: string, data: Buffer): Promise<void>;
  /** A stream of the object, or undefined when there is none. */
  read(key: string): Promise<Readable | undefined>;
  delete(key: string): Promise<void>;
}

const KEY = /^[0-9a-f-]{36}(?:-thumb)?\.(?:jpg|png|webp)$/;

export function createLocalStorage(dir: string): ObjectStorage {
  const file = (key: string) => {
    if (!KEY.test(key)) throw new Error(`bad storage key ${key}`);
    return path.join(dir, key);
  };
  return {
    async put(key, data) {
      await fs.mkdir(dir, { recursive: true });
      // Write then rename: a reader never sees half a file.
      const tmp = `${file(key)}.${process.pid}.tmp`;
      await fs.writeFile(tmp, data);
      await fs.rename(tmp, file(key));
    },
    async read(key) {
      if (!KEY.test(key)) return undefined;
      try {
        await fs.access(file(key));
      } catch {
        return undefined;
      }
      return createReadStream(file(key));
    },
    async delete(key) {
      await fs.rm(file(key), { force: true });
    },
  };
}

export function isStorageKey(key: string): boolean {
  return KEY.test(key);
}
