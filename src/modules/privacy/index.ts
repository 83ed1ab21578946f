export { createPrivacyService, type PrivacyService, type PersonalKind, type PersonalRecord, type AccessLogEntry } from './service.js';
export { createSealer, type Sealer } from './sealer.js';
export { loadKeyRing, parseKeyRing, generateKeyMaterial, type KeyRing } from './keys.js';
export { registerPrivacyRoutes } from './routes.js';
export { createConsentsService, CONSENT_PURPOSES, CONSENT_TEXT_VERSION, type ConsentsService, type ConsentView } from './consents.js';
export type { ConsentPurpose } from './tables.js';
export { createVaultErasure, type VaultErasure } from './erasure.js';
export { createKeyRotation, keyIdOf, vaultColumn, type KeyRotation, type SealedColumn, type RotationReport } from './rotation.js';
