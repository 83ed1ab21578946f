/**
 * Every setting Agora reads, parsed once from the environment into a frozen object.
 * Nothing else in the code reads `process.env`. A bad environment stops the process
 * with one message that lists every bad variable, so an operator fixes them in one go.
 *
 * @example
 *   const config = loadConfig(process.env);
 *   config.port; // 3000
 */
import { isIP } from 'node:net';
import path from 'node:path';

export type NodeEnv = 'development' | 'production' | 'test';

export interface Config {
  readonly nodeEnv: NodeEnv;
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  /** PostgreSQL server; unset means embedded PGlite in `dataDir`. */
  readonly databaseUrl: string | undefined;
  readonly databaseReplicaUrl: string | undefined;
  readonly redisUrl: string | undefined;
  /** `id:base64key,…`, first one current; unset outside production means "generate into dataDir". */
  readonly dataKeys: string | undefined;
  /** Key for the keyed lookup hashes (phone, identity number); never rotates with data keys. */
  readonly lookupKey: string | undefined;
  readonly adminPhone: string | undefined;
  readonly adminPassword: string | undefined;
  readonly paymentProvider: 'sandbox';
  readonly smsProvider: 'sandbox';
  /** Secret the sandbox SMS gateway uses to check our signature. */
  readonly smsGatewaySecret: string;
  /** Secret the payment provider signs its webhooks with (HMAC-SHA256). */
  readonly paymentWebhookSecret: string;
  /** Platform fee on settled orders, in basis points (500 = 5%). */
  readonly platformFeeBps: number;
  /** R12: a note author's reward, as a share of the attributed product's price, in basis points. */
  readonly referralBps: number;
  /** Payments at or above this many fen need a second factor (TOTP or passkey). */
  readonly stepUpThreshold: number;
  /**
   * scrypt work factor for passwords, as log2 N: 14 (N = 16,384, about 50 ms here).
   * Only tests may lower it (to 10), where thousands of made-up users register and log in.
   */
  readonly passwordHashCost: number;
  /** Seconds between heartbeats on a server-sent event stream (group-buy progress). */
  readonly liveHeartbeatSeconds: number;
  /**
   * Page origins a passkey may be used from (`https://agora.example`); the WebAuthn
   * RP id is the first one's host. Unset: `http://localhost:<port>` (development).
   */
  readonly webauthnOrigins: string[] | undefined;
  /**
   * Words a note or comment may not contain (matched case- and width-insensitively).
   * `PROHIBITED_WORDS` is a comma-separated list; empty means none.
   */
  readonly prohibitedWords: readonly string[];
  /** Seed demo data on first start; undefined = "on for a new embedded database". */
  readonly demo: boolean | undefined;
  readonly logLevel: string;
  /**
   * Issue 14 item 3: the proxies whose `X-Forwarded-For` is believed (addresses, CIDRs or
   * proxy-addr's `loopback`/`linklocal`/`uniquelocal`); false = none, the peer is the client.
   * Never "every hop": then any client picks the IP the per-IP limits count.
   */
  readonly trustProxy: false | readonly string[];
  /**
   * Issue 14 item 4: the first delay, in ms, of a login from an IP past its failed-login
   * threshold; it doubles with each further failure up to 16 times this (4 s by default).
   */
  readonly loginSlowdownMs: number;
  /**
   * Concurrent one-line checkouts of the same SKU share one transaction and one stock
   * statement (src/modules/orders/checkout-batcher.ts). Off: one transaction per order.
   */
  readonly checkoutBatching: boolean;
  /** Derived: sandbox endpoints (`/sandbox/*`) are mounted. */
  readonly sandbox: boolean;
}

/**
 * A starting list: what the Internet Advertising Measures and the platform rules
 * forbid in user posts (absolute claims, gambling, counterfeit, off-platform trading).
 * Operators replace it with their own through PROHIBITED_WORDS.
 */
export const DEFAULT_PROHIBITED_WORDS: readonly string[] = ['国家级', '最高级', '全网第一', '赌博', '博彩', '高仿', 'A货', '代开发票', '加微信私下交易'];

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Agora cannot start; fix these environment variables:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

const TRUST_PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];
const TRUST_PROXY_FORMS = 'set it to the addresses or CIDRs of your own proxies, e.g. TRUST_PROXY=127.0.0.1 for nginx on this host, or TRUST_PROXY=127.0.0.1,10.0.0.0/8';

/** An address or CIDR proxy-addr accepts (a prefix of 0 would trust every address). */
function isProxyAddress(entry: string): boolean {
  if (TRUST_PROXY_NAMES.includes(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) >= 1 && Number(prefix) <= (version === 4 ? 32 : 128);
}

/**
 * TRUST_PROXY (issue 14 item 3): unset or false, or a list of proxy addresses. `true` trusted
 * every hop, so a client-written X-Forwarded-For chose the IP every per-IP limit keys on; a
 * hop count is refused too, because it cannot tell the proxy from a client that reaches the
 * server directly (Fastify 5.12 ignores numbers for that reason, without a word).
 */
function parseTrustProxy(text: string | undefined, problems: string[]): false | readonly string[] {
  if (text === undefined || ['false', 'off', 'no', '0'].includes(text.toLowerCase())) return false;
  if (['true', 'on', 'yes'].includes(text.toLowerCase())) {
    problems.push(`TRUST_PROXY=${text} would trust every hop, so any client could choose its own IP with X-Forwarded-For and escape the per-IP limits; ${TRUST_PROXY_FORMS}`);
    return false;
  }
  if (/^\d+$/.test(text)) {
    problems.push(`TRUST_PROXY=${text}: a hop count cannot tell your proxy from a client that reaches the server directly; ${TRUST_PROXY_FORMS}`);
    return false;
  }
  const entries = text.split(',').map((entry) => entry.trim()).filter(Boolean);
  if (entries.length === 0) return false;
  const bad = entries.filter((entry) => !isProxyAddress(entry));
  if (bad.length > 0) problems.push(`TRUST_PROXY must be false or a comma-separated list of IPv4/IPv6 addresses or CIDRs, or loopback, linklocal, uniquelocal (got ${bad.map((b) => `"${b}"`).join(', ')}); ${TRUST_PROXY_FORMS}`);
  return Object.freeze(entries);
}

const DATA_KEYS = /^[A-Za-z0-9_-]+:[A-Za-z0-9+/]{43}=(,[A-Za-z0-9_-]+:[A-Za-z0-9+/]{43}=)*$/;
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function loadConfig(env: NodeJS.ProcessEnv | Record<string, string | undefined>): Config {
  const problems: string[] = [];
  const str = (name: string): string | undefined => {
    const value = env[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  };
  const oneOf = <T extends string>(name: string, allowed: readonly T[], fallback: T): T => {
    const value = str(name) ?? fallback;
    if (!allowed.includes(value as T)) problems.push(`${name} must be one of ${allowed.join(', ')} (got "${value}")`);
    return value as T;
  };
  const bool = (name: string): boolean | undefined => {
    const value = str(name);
    if (value === undefined) return undefined;
    if (['1', 'true', 'on', 'yes'].includes(value.toLowerCase())) return true;
    if (['0', 'false', 'off', 'no'].includes(value.toLowerCase())) return false;
    problems.push(`${name} must be true or false (got "${value}")`);
    return undefined;
  };
  const url = (name: string, protocols: string[]): string | undefined => {
    const value = str(name);
    if (value === undefined) return undefined;
    try {
      const parsed = new URL(value);
      if (!protocols.includes(parsed.protocol)) problems.push(`${name} must be a ${protocols.join(' or ')} URL`);
    } catch {
      problems.push(`${name} is not a valid URL`);
    }
    return value;
  };

  const nodeEnv = oneOf<NodeEnv>('NODE_ENV', ['development', 'production', 'test'], 'development');
  const portText = str('PORT') ?? '3000';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) problems.push(`PORT must be a port number 0–65535 (got "${portText}")`);

  const dataKeys = str('AGORA_DATA_KEYS');
  if (dataKeys !== undefined && !DATA_KEYS.test(dataKeys)) {
    problems.push('AGORA_DATA_KEYS must be "id:base64key,…" with 32-byte keys (44 base64 characters)');
  }
  const lookupKey = str('AGORA_LOOKUP_KEY');
  if (lookupKey !== undefined && !/^[A-Za-z0-9+/]{43}=$/.test(lookupKey)) {
    problems.push('AGORA_LOOKUP_KEY must be a 32-byte key in base64 (44 characters)');
  }
  if (nodeEnv === 'production' && (dataKeys === undefined || lookupKey === undefined)) {
    problems.push('AGORA_DATA_KEYS and AGORA_LOOKUP_KEY are required when NODE_ENV=production');
  }

  const adminPhone = str('AGORA_ADMIN_PHONE');
  const adminPassword = env.AGORA_ADMIN_PASSWORD === '' ? undefined : env.AGORA_ADMIN_PASSWORD;
  if (adminPhone !== undefined && !/^1[3-9]\d{9}$/.test(adminPhone)) problems.push('AGORA_ADMIN_PHONE must be a mainland mobile number');
  if ((adminPhone === undefined) !== (adminPassword === undefined)) problems.push('AGORA_ADMIN_PHONE and AGORA_ADMIN_PASSWORD go together');
  if (adminPassword !== undefined && adminPassword.length < 8) problems.push('AGORA_ADMIN_PASSWORD must be at least 8 characters');

  const int = (name: string, fallback: number, min: number, max: number): number => {
    const text = str(name);
    if (text === undefined) return fallback;
    const value = Number(text);
    if (!/^\d+$/.test(text) || value < min || value > max) problems.push(`${name} must be a whole number from ${min} to ${max} (got "${text}")`);
    return value;
  };
  const platformFeeBps = int('PLATFORM_FEE_BPS', 500, 0, 5000);
  const referralBps = int('REFERRAL_BPS', 300, 0, 2000);
  const stepUpThreshold = int('STEP_UP_THRESHOLD', 200_000, 1, 100_000_000_00);
  const passwordHashCost = int('PASSWORD_HASH_COST', 14, 10, 20);
  if (passwordHashCost < 14 && nodeEnv !== 'test') problems.push('PASSWORD_HASH_COST below 14 is for tests only (NODE_ENV=test)');
  const liveHeartbeatSeconds = int('LIVE_HEARTBEAT_SECONDS', 15, 1, 300);
  const loginSlowdownMs = int('LOGIN_SLOWDOWN_MS', 250, 1, 10_000);
  if (loginSlowdownMs < 250 && nodeEnv !== 'test') problems.push('LOGIN_SLOWDOWN_MS below 250 is for tests only (NODE_ENV=test)');

  const webauthnOrigins = str('WEBAUTHN_ORIGINS')?.split(',').map((origin) => origin.trim());
  for (const origin of webauthnOrigins ?? []) {
    try {
      const parsed = new URL(origin);
      if (parsed.origin !== origin || !/^https?:$/.test(parsed.protocol)) throw new Error('not an origin');
    } catch {
      problems.push(`WEBAUTHN_ORIGINS must be a comma-separated list of origins like https://agora.example (got "${origin}")`);
    }
  }
  if (webauthnOrigins && new Set(webauthnOrigins.map((o) => URL.canParse(o) && new URL(o).hostname)).size > 1) {
    problems.push('WEBAUTHN_ORIGINS must all share one host (the passkeys’ relying party)');
  }
  const wordsText = env.PROHIBITED_WORDS;
  const prohibitedWords = wordsText === undefined ? DEFAULT_PROHIBITED_WORDS : wordsText.split(',').map((w) => w.trim()).filter(Boolean);
  if (prohibitedWords.some((w) => w.length > 50)) problems.push('PROHIBITED_WORDS entries must be at most 50 characters each');

  const paymentProvider = oneOf('PAYMENT_PROVIDER', ['sandbox'] as const, 'sandbox');
  const smsProvider = oneOf('SMS_PROVIDER', ['sandbox'] as const, 'sandbox');
  const logLevel = oneOf('LOG_LEVEL', LOG_LEVELS, nodeEnv === 'test' ? 'silent' : 'info');

  const config: Config = {
    nodeEnv,
    port,
    host: str('HOST') ?? '127.0.0.1',
    dataDir: path.resolve(str('DATA_DIR') ?? './data'),
    databaseUrl: url('DATABASE_URL', ['postgres:', 'postgresql:']),
    databaseReplicaUrl: url('DATABASE_REPLICA_URL', ['postgres:', 'postgresql:']),
    redisUrl: url('REDIS_URL', ['redis:', 'rediss:']),
    dataKeys,
    lookupKey,
    adminPhone,
    adminPassword,
    paymentProvider,
    smsProvider,
    smsGatewaySecret: str('SMS_GATEWAY_SECRET') ?? 'sandbox-sms-secret',
    paymentWebhookSecret: str('PAYMENT_WEBHOOK_SECRET') ?? 'sandbox-payment-secret',
    platformFeeBps,
    referralBps,
    stepUpThreshold,
    passwordHashCost,
    liveHeartbeatSeconds,
    webauthnOrigins,
    prohibitedWords: Object.freeze([...prohibitedWords]),
    demo: bool('AGORA_DEMO'),
    logLevel,
    trustProxy: parseTrustProxy(str('TRUST_PROXY'), problems),
    loginSlowdownMs,
    checkoutBatching: bool('CHECKOUT_BATCHING') ?? true,
    sandbox: nodeEnv !== 'production',
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(config);
}
