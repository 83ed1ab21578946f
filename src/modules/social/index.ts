export { createSocialService, type SocialService } from './service.js';
export type { Attribution, NoteInput, NotePatch } from './notes.js';
export type { NoteView, TagView } from './view.js';
export { AD_LABEL } from './view.js';
export { registerSocialRoutes } from './routes.js';
export { Note as NoteSchema } from './schema.js';
export type { ContentChoice, SocialErasureReport } from './erasure.js';
export { socialExport } from './export.js';
export { COMMON_CHECK_MS } from './feed.js';
