/**
 * The demo accounts' passwords: printed in the banner and the README, so public.
 * Apart from seed.ts so config.ts can refuse them in production without loading the seed.
 */
export const DEMO_PASSWORD = 'agora-demo-2026';
export const DEMO_ADMIN = { phone: '13800000000', password: 'agora-admin-2026' };
