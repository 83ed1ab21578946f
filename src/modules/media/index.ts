export { createMediaService, type MediaService, type Upload, MAX_UPLOAD_BYTES } from './service.js';
export { createLocalStorage, type ObjectStorage } from './storage.js';
export { registerMediaRoutes, registerUploadServing } from './routes.js';
