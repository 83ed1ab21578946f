export { createAccountsService, type AccountsService, type MeView, type Address, type Role } from './service.js';
export { registerAccountsRoutes } from './routes.js';
export { parseIdNumber, ageOn, idCheckCharacter } from './identity.js';
export { hashSecret, verifyPin } from './credentials.js';
export { accountsExport } from './export.js';
