export { createPrivacyService, PERSONAL_KINDS, type PrivacyService, type PersonalKind, type PersonalRecord, type AccessLogEntry, type Reader } from './service.js';
export { createSealer, type Sealer } from './sealer.js';
export { loadKeyRing, parseKeyRing, generateKeyMaterial, type KeyRing } from './keys.js';
export { registerPrivacyRoutes } from './routes.js';
export { createConsentsService, CONSENT_PURPOSES, CONSENT_TEXT_VERSION, type ConsentsService, type ConsentView, type ConsentAnswer } from './consents.js';
export type { ActorRole, ConsentPurpose } from './tables.js';
export { CONSENT_TEXTS, type ConsentText } from './consent-texts.js';
export { createVaultErasure, type VaultErasure } from './erasure.js';
export { createKeyRotation, keyIdOf, vaultColumn, type KeyRotation, type SealedColumn, type RotationReport } from './rotation.js';
