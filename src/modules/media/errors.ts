import { AppError } from '../../lib/errors.js';

/** The media module’s coded errors (API.md: `POST /uploads`). */
export const mediaErrors = {
  unsupportedMediaType: (detail: string) => new AppError('unsupported_media_type', 'UNSUPPORTED_MEDIA_TYPE', detail),
};
