export { createPasskeysService, type PasskeysService, type RelyingParty, CHALLENGE_TTL_MS } from './service.js';
export { registerPasskeysRoutes } from './routes.js';
export { AuthenticationResponse } from './schema.js';
export { passkeysExport } from './export.js';
