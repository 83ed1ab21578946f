/**
 * Every setting Agora reads, parsed once from the environment into a frozen object.
 * Nothing else in the code reads `process.env`. A bad environment stops the process
 * with one message that lists every bad variable, so an operator fixes them in one go.
 *
 * @example
 *   const config = loadConfig(process.env);
 *   config.port; // 3000
 */
import net from 'node:net';
import path from 'node:path';
import { DEMO_ADMIN, DEMO_PASSWORD } from './demo/demo-logins.js';

export type NodeEnv = 'development' | 'production' | 'test';

/**
 * `sandbox`: our stand-in provider, with endpoints anyone can call (`/api/v1/sandbox/top-ups/*`).
 * `hmac`: a real provider that signs its webhooks HMAC-SHA256 over `${timestamp}.${body}` with
 * PAYMENT_WEBHOOK_SECRET (the same protocol the sandbox speaks; it stands for a real provider
 * until one has its own adapter).
 */
export const PAYMENT_PROVIDERS = ['sandbox', 'hmac'] as const;
export type PaymentProvider = (typeof PAYMENT_PROVIDERS)[number];
/**
 * `sandbox`: messages go to this server's own gateway and outbox (`/api/v1/sandbox/sms/*`).
 * `http`: messages are POSTed to SMS_GATEWAY_URL, signed HMAC-SHA256 with SMS_GATEWAY_SECRET.
 */
export const SMS_PROVIDERS = ['sandbox', 'http'] as const;
export type SmsProvider = (typeof SMS_PROVIDERS)[number];

/**
 * The sandbox's secrets. They are public (here and in the README), so they may only ever
 * sign sandbox traffic: a non-sandbox provider or production refuses them.
 */
export const SANDBOX_SECRETS = Object.freeze({ paymentWebhook: 'sandbox-payment-secret', smsGateway: 'sandbox-sms-secret' });
/** HMAC secrets outside the sandbox: at least 32 characters (`openssl rand -base64 32` gives 44). */
export const MIN_SECRET_LENGTH = 32;

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
  /** Default `sandbox`, and `hmac` in production (where `sandbox` is refused). */
  readonly paymentProvider: PaymentProvider;
  /** Default `sandbox`, and `http` in production (where `sandbox` is refused). */
  readonly smsProvider: SmsProvider;
  /** Where SMS_PROVIDER=http posts messages; undefined with the sandbox gateway (this server). */
  readonly smsGatewayUrl: string | undefined;
  /** Secret the SMS gateway uses to check our signature. */
  readonly smsGatewaySecret: string;
  /** Secret the payment provider signs its webhooks with (HMAC-SHA256); Agora signs its charge and refund requests with it too (one merchant key, as WeChat Pay v2 does). */
  readonly paymentWebhookSecret: string;
  /** The provider's API (charges, refunds) with PAYMENT_PROVIDER=hmac; undefined with the sandbox (this server's `/sandbox/provider`). */
  readonly paymentProviderUrl: string | undefined;
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
  /** Messages one sender may send in one conversation per minute (`CHAT_MESSAGES_PER_MINUTE`, default 20). */
  readonly chatMessagesPerMinute: number;
  /** New conversations one user may open per Beijing day (`CHAT_NEW_CONVERSATIONS_PER_DAY`, default 30): a cap on spam. */
  readonly chatNewConversationsPerDay: number;
  /** Seed demo data on first start; undefined = "on for a new embedded database". */
  readonly demo: boolean | undefined;
  readonly logLevel: string;
  /**
   * The proxies whose `X-Forwarded-For` is believed (addresses, CIDRs or
   * proxy-addr's `loopback`/`linklocal`/`uniquelocal`); false = none, the peer is the client.
   * Never "every hop": then any client picks the IP the per-IP limits count.
   */
  readonly trustProxy: false | readonly string[];
  /**
   * The first delay, in ms, of a login from an IP past its failed-login
   * threshold; it doubles with each further failure up to 16 times this (4 s by default).
   */
  readonly loginSlowdownMs: number;
  /**
   * Concurrent one-line checkouts of the same SKU share one transaction and one stock
   * statement (src/workflows/checkout-batcher.ts). Off: one transaction per order.
   */
  readonly checkoutBatching: boolean;
  /** `/docs` and `/api/v1/openapi.json` are served (default: not in production). */
  readonly apiDocs: boolean;
  /** Derived: a provider is the sandbox, so some sandbox endpoints (`/sandbox/*`) are mounted; never in production. */
  readonly sandbox: boolean;
  /**
   * How much faster than life the sandbox carrier plays a parcel's route (about 2 days
   * from pickup to delivery at 1; 60 makes it about 48 minutes, for a demo). Sandbox only.
   */
  readonly sandboxCarrierSpeed: number;
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
  const version = net.isIP(address);
  if (version === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) >= 1 && Number(prefix) <= (version === 4 ? 32 : 128);
}

/**
 * TRUST_PROXY: unset or false, or a list of proxy addresses. `true` trusted
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

/** 127.0.0.0/8 and ::1 (also as ::ffff:127.x.y.z): a server bound there is not reachable from the network. */
const LOOPBACK = new net.BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (bare === 'localhost') return true;
  if (net.isIPv4(bare)) return LOOPBACK.check(bare, 'ipv4');
  if (net.isIPv6(bare)) return LOOPBACK.check(bare, 'ipv6');
  return false;
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
  const production = nodeEnv === 'production';
  // A forgotten NODE_ENV on a public address would open the sandbox (anyone
  // could top up a wallet) to the network. An explicit NODE_ENV=development is the developer's choice.
  const host = str('HOST') ?? '127.0.0.1';
  if (str('NODE_ENV') === undefined && !isLoopbackHost(host)) {
    problems.push(
      `HOST=${host} is reachable from the network but NODE_ENV is unset, which would start in development mode with the sandbox's public endpoints. ` +
        'For a deployment set NODE_ENV=production with PAYMENT_WEBHOOK_SECRET, SMS_GATEWAY_SECRET, SMS_GATEWAY_URL, AGORA_DATA_KEYS and AGORA_LOOKUP_KEY (README, Configuration); ' +
        'to develop, set HOST=127.0.0.1 (or NODE_ENV=development to listen on this address on purpose)',
    );
  }
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
  if (production && dataKeys === undefined) problems.push('AGORA_DATA_KEYS is required when NODE_ENV=production');
  if (production && lookupKey === undefined) problems.push('AGORA_LOOKUP_KEY is required when NODE_ENV=production');

  const adminPhone = str('AGORA_ADMIN_PHONE');
  const adminPassword = env.AGORA_ADMIN_PASSWORD === '' ? undefined : env.AGORA_ADMIN_PASSWORD;
  if (adminPhone !== undefined && !/^1[3-9]\d{9}$/.test(adminPhone)) problems.push('AGORA_ADMIN_PHONE must be a mainland mobile number');
  if ((adminPhone === undefined) !== (adminPassword === undefined)) problems.push('AGORA_ADMIN_PHONE and AGORA_ADMIN_PASSWORD go together');
  if (adminPassword !== undefined && adminPassword.length < 8) problems.push('AGORA_ADMIN_PASSWORD must be at least 8 characters');
  if (production && adminPassword !== undefined && [DEMO_PASSWORD, DEMO_ADMIN.password].includes(adminPassword)) {
    problems.push('AGORA_ADMIN_PASSWORD must not be a demo password in production (they are public)');
  }

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
  const chatMessagesPerMinute = int('CHAT_MESSAGES_PER_MINUTE', 20, 1, 1000);
  const chatNewConversationsPerDay = int('CHAT_NEW_CONVERSATIONS_PER_DAY', 30, 1, 10_000);
  const sandboxCarrierSpeed = int('SANDBOX_CARRIER_SPEED', 1, 1, 10_000);
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

  // The sandbox providers and their public secrets exist only outside production.
  const paymentProvider = oneOf<PaymentProvider>('PAYMENT_PROVIDER', PAYMENT_PROVIDERS, production ? 'hmac' : 'sandbox');
  const smsProvider = oneOf<SmsProvider>('SMS_PROVIDER', SMS_PROVIDERS, production ? 'http' : 'sandbox');
  if (production && paymentProvider === 'sandbox') problems.push('PAYMENT_PROVIDER=sandbox is refused in production (its endpoints let anyone pay); use hmac');
  if (production && smsProvider === 'sandbox') problems.push('SMS_PROVIDER=sandbox is refused in production (its outbox is public); use http with SMS_GATEWAY_URL');
  const secret = (name: string, providerSetting: string, sandboxDefault: string): string => {
    const value = str(name);
    if (providerSetting.endsWith('=sandbox') && !production) return value ?? sandboxDefault;
    const why = production ? 'NODE_ENV=production' : providerSetting;
    if (value === undefined) problems.push(`${name} is required when ${why} (at least ${MIN_SECRET_LENGTH} random characters, e.g. \`openssl rand -base64 32\`)`);
    else if ((Object.values(SANDBOX_SECRETS) as string[]).includes(value)) problems.push(`${name} must not be a sandbox default secret when ${why} (they are public)`);
    else if (value.length < MIN_SECRET_LENGTH) problems.push(`${name} must be at least ${MIN_SECRET_LENGTH} characters when ${why} (got ${value.length})`);
    return value ?? '';
  };
  const paymentWebhookSecret = secret('PAYMENT_WEBHOOK_SECRET', `PAYMENT_PROVIDER=${paymentProvider}`, SANDBOX_SECRETS.paymentWebhook);
  const paymentProviderUrl = url('PAYMENT_PROVIDER_URL', production ? ['https:'] : ['https:', 'http:']);
  if (paymentProvider === 'sandbox' && paymentProviderUrl !== undefined) problems.push('PAYMENT_PROVIDER_URL is used only with PAYMENT_PROVIDER=hmac (the sandbox provider is this server)');
  const smsGatewaySecret = secret('SMS_GATEWAY_SECRET', `SMS_PROVIDER=${smsProvider}`, SANDBOX_SECRETS.smsGateway);
  // A real gateway carries login codes: https in production.
  const smsGatewayUrl = url('SMS_GATEWAY_URL', production ? ['https:'] : ['https:', 'http:']);
  if (smsProvider === 'http' && smsGatewayUrl === undefined) problems.push('SMS_GATEWAY_URL is required when SMS_PROVIDER=http (an https URL in production)');
  if (smsProvider === 'sandbox' && smsGatewayUrl !== undefined) problems.push('SMS_GATEWAY_URL is used only with SMS_PROVIDER=http (the sandbox gateway is this server)');
  const demo = bool('AGORA_DEMO');
  if (production && demo === true) problems.push('AGORA_DEMO=true is refused in production (demo accounts have public passwords)');
  const logLevel = oneOf('LOG_LEVEL', LOG_LEVELS, nodeEnv === 'test' ? 'silent' : 'info');

  const config: Config = {
    nodeEnv,
    port,
    host,
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
    smsGatewayUrl,
    smsGatewaySecret,
    paymentWebhookSecret,
    paymentProviderUrl,
    platformFeeBps,
    referralBps,
    stepUpThreshold,
    passwordHashCost,
    liveHeartbeatSeconds,
    sandboxCarrierSpeed,
    webauthnOrigins,
    prohibitedWords: Object.freeze([...prohibitedWords]),
    chatMessagesPerMinute,
    chatNewConversationsPerDay,
    demo,
    logLevel,
    trustProxy: parseTrustProxy(str('TRUST_PROXY'), problems),
    loginSlowdownMs,
    checkoutBatching: bool('CHECKOUT_BATCHING') ?? true,
    apiDocs: bool('API_DOCS') ?? !production,
    sandbox: !production && (paymentProvider === 'sandbox' || smsProvider === 'sandbox'),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(config);
}
