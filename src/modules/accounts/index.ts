export { createAccountsService, type AccountsService, type MeView, type Address, type Role } from './service.js';
export { registerAccountsRoutes } from './routes.js';
export { parseIdNumber, ageOn, idCheckCharacter } from './identity.js';
export { hashSecret, passwordHasher, verifyPin } from './credentials.js';
export { createLoginThrottle, type LoginThrottle } from './login-throttle.js';
export { createAccountErasure, pseudonym, PSEUDONYM_PREFIX, type AccountErasure } from './erasure.js';
export { totpSecretsColumn } from './rotation.js';
export { accountsExport } from './export.js';
export { createRateLimits, type RateLimits } from './rate-limit.js';
