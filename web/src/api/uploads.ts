/**
 * Picking images and uploading them (POST /uploads) one by one, with the checks
 * made before sending: at most `room` more, JPEG/PNG/WebP only, 10 MB each. Shared
 * by the product editor and dispute evidence.
 *
 * @example
 *   const uploads = useImageUploads({ room: () => 9 - images.length, onUploaded: (u) => add(u.url) });
 *   <input type="file" onChange={(e) => void uploads.onFiles(e)} />
 */
import { useRef, useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call, client, type ResponseOf } from './client';
import { errorMessage } from './errors';

/** POST /uploads. */
export type Upload = ResponseOf<'/uploads', 'post'>;

export const uploadApi = {
  /** POST /uploads: one image as multipart field `file` (the browser sets the boundary). */
  upload: (file: Blob, filename: string) => {
    const form = new FormData();
    form.append('file', file, filename);
    // The document has no JSON body for it: the form goes as it is.
    return call(client.POST('/uploads', { body: form as never, bodySerializer: () => form }));
  },
};

const IMAGE_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp']);
const MAX_IMAGE_BYTES = 10 * 1024 * 1024;

export function useImageUploads(options: { room: () => number; onUploaded: (upload: Upload) => void }) {
  const { t } = useTranslation();
  const [uploading, setUploading] = useState(0);
  const [failures, setFailures] = useState<string[]>([]);
  const latest = useRef(options);
  latest.current = options;

  async function onFiles(event: ChangeEvent<HTMLInputElement>) {
    const input = event.currentTarget;
    const files = Array.from(input.files ?? []);
    input.value = ''; // the same file may be picked again after removing it
    const problems: string[] = [];
    const room = latest.current.room();
    if (files.length > room) problems.push(t('editor.invalid.tooManyImages'));
    const accepted = files.slice(0, Math.max(0, room)).filter((file) => {
      if (!IMAGE_TYPES.has(file.type)) problems.push(t('editor.invalid.fileType', { name: file.name }));
      else if (file.size > MAX_IMAGE_BYTES) problems.push(t('editor.invalid.fileSize', { name: file.name }));
      else return true;
      return false;
    });
    setFailures(problems);
    setUploading(accepted.length);
    for (const file of accepted) {
      try {
        latest.current.onUploaded(await uploadApi.upload(file, file.name));
      } catch (error) {
        problems.push(`${file.name}: ${errorMessage(t, error)}`);
        setFailures([...problems]);
      } finally {
        setUploading((n) => n - 1);
      }
    }
  }

  return { uploading, failures, onFiles };
}
