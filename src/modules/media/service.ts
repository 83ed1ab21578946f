/**
 * Uploaded images (API.md `POST /uploads`): JPEG, PNG or WebP by content, at most
 * 10 MB, metadata stripped, a thumbnail beside each. Products and notes may only
 * use images their author uploaded.
 */
import type { Kysely } from 'kysely';
import type { DB, Executor } from '../../database.js';
import { validationFailed } from '../../lib/errors.js';
import { mediaErrors } from './errors.js';
import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import { cleanImage } from './images.js';
import { mediaRepo } from './repo.js';
import type { ObjectStorage } from './storage.js';

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
export const UPLOADS_PATH = '/uploads/';

export interface Upload {
  id: string;
  url: string;
  thumbnailUrl: string;
  contentType: string;
  width: number;
  height: number;
}

export const imageUrl = (key: string) => `${UPLOADS_PATH}${key}`;

export function createMediaService(deps: { db: Kysely<DB>; storage: ObjectStorage; clock: Clock }) {
  const { db, storage, clock } = deps;
  return {
    async upload(ownerId: string, bytes: Buffer): Promise<Upload> {
      const image = await cleanImage(bytes);
      if (!image) throw mediaErrors.unsupportedMediaType('Upload a JPEG, PNG or WebP image');
      const id = newId(clock.now().getTime());
      const key = `${id}.${image.extension}`;
      const thumbnailKey = `${id}-thumb.webp`;
      await storage.put(key, image.data);
      await storage.put(thumbnailKey, image.thumbnail);
      await mediaRepo.insert(db, {
        id,
        owner_id: ownerId,
        key,
        thumbnail_key: thumbnailKey,
        content_type: image.contentType,
        width: image.width,
        height: image.height,
        bytes: image.data.length,
        created_at: clock.now(),
      });
      return { id, url: imageUrl(key), thumbnailUrl: imageUrl(thumbnailKey), contentType: image.contentType, width: image.width, height: image.height };
    },

    /** Refuses (400) any URL that is not an image this owner uploaded. `path` names the field. */
    async assertOwnImages(ex: Executor, ownerId: string, urls: string[], path: string): Promise<void> {
      const keys = urls.map((url) => (url.startsWith(UPLOADS_PATH) ? url.slice(UPLOADS_PATH.length) : ''));
      const owned = new Set(await mediaRepo.ownedKeys(ex, ownerId, keys.filter(Boolean)));
      const problems = keys.flatMap((key, i) => (owned.has(key) ? [] : [{ path: `${path}/${i}`, message: 'must be an image you uploaded (POST /uploads)' }]));
      if (problems.length > 0) throw validationFailed(problems);
    },

    async open(key: string) {
      const row = await mediaRepo.findByKey(db, key);
      if (!row) return undefined;
      const stream = await storage.read(key);
      if (!stream) return undefined;
      return { stream, contentType: key === row.thumbnail_key ? 'image/webp' : row.content_type };
    },

    /** The user's uploads as their export lists them (PIPL art. 45), oldest first. */
    async uploadsOf(ex: Executor, ownerId: string) {
      const rows = await mediaRepo.listOwned(ex, ownerId);
      return rows.map((r) => ({ id: r.id, url: imageUrl(r.key), key: r.key, contentType: r.content_type, width: r.width, height: r.height, bytes: r.bytes, createdAt: r.created_at }));
    },

    /** An uploaded file's bytes (for the export's zip), or undefined when the file is gone. */
    async bytes(key: string): Promise<Buffer | undefined> {
      const stream = await storage.read(key);
      if (!stream) return undefined;
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    },
  };
}

export type MediaService = ReturnType<typeof createMediaService>;
