import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_PROHIBITED_WORDS, isLoopbackHost, loadConfig, MIN_SECRET_LENGTH, SANDBOX_SECRETS } from './config.js';
import { DEMO_ADMIN, DEMO_PASSWORD } from './demo/demo-logins.js';

describe('loadConfig', () => {
  it('has working defaults and is frozen', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3000, host: '127.0.0.1', nodeEnv: 'development', sandbox: true, databaseUrl: undefined });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('lists every bad variable in one error', () => {
    try {
      loadConfig({ PORT: 'eighty', NODE_ENV: 'staging', DATABASE_URL: 'mysql://x', AGORA_DATA_KEYS: 'nope', AGORA_ADMIN_PHONE: '12345', AGORA_DEMO: 'maybe' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as ConfigError).message;
      for (const name of ['PORT', 'NODE_ENV', 'DATABASE_URL', 'AGORA_DATA_KEYS', 'AGORA_ADMIN_PHONE', 'AGORA_ADMIN_PASSWORD', 'AGORA_DEMO']) {
        expect(message).toContain(name);
      }
      expect((error as ConfigError).problems.length).toBeGreaterThanOrEqual(7);
    }
  });

  it('PROHIBITED_WORDS: a default list, a comma-separated replacement, or none when empty', () => {
    expect(loadConfig({}).prohibitedWords).toEqual(DEFAULT_PROHIBITED_WORDS);
    expect(loadConfig({ PROHIBITED_WORDS: ' 赌博 ,, 高仿,' }).prohibitedWords).toEqual(['赌博', '高仿']);
    expect(loadConfig({ PROHIBITED_WORDS: '' }).prohibitedWords).toEqual([]);
    expect(() => loadConfig({ PROHIBITED_WORDS: 'x'.repeat(51) })).toThrow(/PROHIBITED_WORDS/);
  });

  it('PASSWORD_HASH_COST: scrypt N = 16,384 by default; lower only under NODE_ENV=test', () => {
    expect(loadConfig({}).passwordHashCost).toBe(14);
    expect(loadConfig({ NODE_ENV: 'test', PASSWORD_HASH_COST: '10' }).passwordHashCost).toBe(10);
    expect(() => loadConfig({ PASSWORD_HASH_COST: '10' })).toThrow(/tests only/);
    expect(() => loadConfig({ NODE_ENV: 'test', PASSWORD_HASH_COST: '9' })).toThrow(/PASSWORD_HASH_COST/);
  });

  describe('production', () => {
    const key = Buffer.alloc(32, 7).toString('base64');
    const good = {
      NODE_ENV: 'production',
      AGORA_DATA_KEYS: `k1:${key}`,
      AGORA_LOOKUP_KEY: key,
      PAYMENT_WEBHOOK_SECRET: 'p'.repeat(MIN_SECRET_LENGTH),
      SMS_GATEWAY_SECRET: 's'.repeat(MIN_SECRET_LENGTH),
      SMS_GATEWAY_URL: 'https://sms.example/send',
    };
    function problemsOf(env: Record<string, string>): string[] {
      try {
        loadConfig(env);
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return (error as ConfigError).problems;
      }
      return [];
    }

    it('refuses to start without every secret it needs, listing each one in one error', () => {
      const problems = problemsOf({ NODE_ENV: 'production' });
      for (const name of ['PAYMENT_WEBHOOK_SECRET', 'SMS_GATEWAY_SECRET', 'SMS_GATEWAY_URL', 'AGORA_DATA_KEYS', 'AGORA_LOOKUP_KEY']) {
        expect(problems.filter((p) => p.startsWith(`${name} is required`)), name).toHaveLength(1);
      }
    });

    it('refuses the public sandbox secrets, short secrets and demo passwords', () => {
      const defaults = problemsOf({ ...good, PAYMENT_WEBHOOK_SECRET: SANDBOX_SECRETS.paymentWebhook, SMS_GATEWAY_SECRET: SANDBOX_SECRETS.smsGateway });
      expect(defaults.filter((p) => /sandbox default/.test(p)).map((p) => p.split(' ')[0])).toEqual(['PAYMENT_WEBHOOK_SECRET', 'SMS_GATEWAY_SECRET']);
      // Either default under the other name is just as public.
      expect(problemsOf({ ...good, PAYMENT_WEBHOOK_SECRET: SANDBOX_SECRETS.smsGateway })).toEqual([expect.stringMatching(/^PAYMENT_WEBHOOK_SECRET must not be a sandbox default/)]);
      const short = problemsOf({ ...good, PAYMENT_WEBHOOK_SECRET: 'x'.repeat(MIN_SECRET_LENGTH - 1), SMS_GATEWAY_SECRET: 'too-short' });
      expect(short).toEqual([expect.stringMatching(/^PAYMENT_WEBHOOK_SECRET must be at least 32/), expect.stringMatching(/^SMS_GATEWAY_SECRET must be at least 32/)]);
      for (const password of [DEMO_ADMIN.password, DEMO_PASSWORD]) {
        expect(problemsOf({ ...good, AGORA_ADMIN_PHONE: '13800000000', AGORA_ADMIN_PASSWORD: password })).toEqual([expect.stringMatching(/^AGORA_ADMIN_PASSWORD must not be a demo password/)]);
      }
      expect(problemsOf({ ...good, AGORA_DEMO: 'true' })).toEqual([expect.stringMatching(/^AGORA_DEMO=true is refused/)]);
      expect(problemsOf({ ...good, SMS_GATEWAY_URL: 'http://sms.example/send' })).toEqual([expect.stringMatching(/^SMS_GATEWAY_URL must be a https/)]);
    });

    it('refuses the sandbox providers, and never turns the sandbox on', () => {
      const problems = problemsOf({ ...good, PAYMENT_PROVIDER: 'sandbox', SMS_PROVIDER: 'sandbox' });
      expect(problems.some((p) => p.startsWith('PAYMENT_PROVIDER=sandbox is refused in production'))).toBe(true);
      expect(problems.some((p) => p.startsWith('SMS_PROVIDER=sandbox is refused in production'))).toBe(true);
      for (const providers of [{}, { PAYMENT_PROVIDER: 'hmac', SMS_PROVIDER: 'http' }]) {
        const config = loadConfig({ ...good, ...providers });
        expect(config).toMatchObject({ sandbox: false, paymentProvider: 'hmac', smsProvider: 'http', apiDocs: false });
        expect(config).toMatchObject({ paymentWebhookSecret: good.PAYMENT_WEBHOOK_SECRET, smsGatewaySecret: good.SMS_GATEWAY_SECRET, smsGatewayUrl: good.SMS_GATEWAY_URL });
      }
      expect(loadConfig({ ...good, API_DOCS: 'true' }).apiDocs).toBe(true);
    });

    it('the real providers need real secrets outside production too; the sandbox keeps its defaults', () => {
      expect(loadConfig({})).toMatchObject({ paymentProvider: 'sandbox', smsProvider: 'sandbox', paymentWebhookSecret: SANDBOX_SECRETS.paymentWebhook, smsGatewaySecret: SANDBOX_SECRETS.smsGateway, smsGatewayUrl: undefined, apiDocs: true });
      const problems = problemsOf({ PAYMENT_PROVIDER: 'hmac', SMS_PROVIDER: 'http', SMS_GATEWAY_SECRET: SANDBOX_SECRETS.smsGateway });
      expect(problems).toEqual([
        expect.stringMatching(/^PAYMENT_WEBHOOK_SECRET is required when PAYMENT_PROVIDER=hmac/),
        expect.stringMatching(/^SMS_GATEWAY_SECRET must not be a sandbox default/),
        expect.stringMatching(/^SMS_GATEWAY_URL is required when SMS_PROVIDER=http/),
      ]);
      const real = loadConfig({ SMS_PROVIDER: 'http', SMS_GATEWAY_SECRET: good.SMS_GATEWAY_SECRET, SMS_GATEWAY_URL: 'http://127.0.0.1:9999/sms' });
      expect(real).toMatchObject({ sandbox: true, paymentProvider: 'sandbox', smsProvider: 'http', smsGatewayUrl: 'http://127.0.0.1:9999/sms' });
      expect(loadConfig({ PAYMENT_PROVIDER: 'hmac', PAYMENT_WEBHOOK_SECRET: good.PAYMENT_WEBHOOK_SECRET, SMS_PROVIDER: 'http', SMS_GATEWAY_SECRET: good.SMS_GATEWAY_SECRET, SMS_GATEWAY_URL: 'http://127.0.0.1:9999/sms' }).sandbox).toBe(false);
      expect(problemsOf({ SMS_GATEWAY_URL: 'https://sms.example/send' })).toEqual([expect.stringMatching(/^SMS_GATEWAY_URL is used only with SMS_PROVIDER=http/)]);
    });
  });

  describe('NODE_ENV unset on a public address', () => {
    it('refuses to start in development mode, and says how to set production or loopback', () => {
      for (const host of ['0.0.0.0', '::', '192.168.1.20', 'agora.example']) {
        const problems = (() => {
          try {
            loadConfig({ HOST: host });
          } catch (error) {
            return (error as ConfigError).problems;
          }
          return [];
        })();
        expect(problems, host).toHaveLength(1);
        expect(problems[0]).toContain(`HOST=${host}`);
        expect(problems[0]).toContain('NODE_ENV=production');
        expect(problems[0]).toContain('PAYMENT_WEBHOOK_SECRET');
        expect(problems[0]).toContain('HOST=127.0.0.1');
      }
      expect(() => loadConfig({ NODE_ENV: '', HOST: '0.0.0.0' })).toThrow(/NODE_ENV is unset/);
    });

    it('allows loopback, and an explicit NODE_ENV=development anywhere', () => {
      for (const host of ['127.0.0.1', '127.8.9.10', '::1', '[::1]', 'localhost', 'LOCALHOST', '::ffff:127.0.0.1']) {
        expect(loadConfig({ HOST: host }).host, host).toBe(host);
      }
      expect(loadConfig({ NODE_ENV: 'development', HOST: '0.0.0.0' })).toMatchObject({ host: '0.0.0.0', nodeEnv: 'development', sandbox: true });
      expect(isLoopbackHost('0.0.0.0')).toBe(false);
    });
  });

  it('TRUST_PROXY: off by default; a list of proxy addresses or CIDRs; never "every hop" nor a hop count', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '127.0.0.1' }).trustProxy).toEqual(['127.0.0.1']);
    expect(loadConfig({ TRUST_PROXY: ' 127.0.0.1, 10.0.0.0/8 ,::1,fd00::/8,loopback ' }).trustProxy).toEqual(['127.0.0.1', '10.0.0.0/8', '::1', 'fd00::/8', 'loopback']);
    expect(Object.isFrozen(loadConfig({ TRUST_PROXY: '127.0.0.1' }).trustProxy)).toBe(true);
    for (const everyHop of ['true', 'TRUE', 'yes', 'on']) {
      expect(() => loadConfig({ TRUST_PROXY: everyHop })).toThrow(/TRUST_PROXY=.*every hop.*choose its own IP.*TRUST_PROXY=127\.0\.0\.1.*10\.0\.0\.0\/8/);
    }
    expect(() => loadConfig({ TRUST_PROXY: '1' })).toThrow(/TRUST_PROXY=1: a hop count.*TRUST_PROXY=127\.0\.0\.1/);
    for (const bad of ['nginx', '10.0.0.0/33', '10.0.0.0/0', '::1/129', '10.0.0.1/8/8', '10.0.0.256', '10.0.0.0/x', '127.0.0.1,*']) {
      expect(() => loadConfig({ TRUST_PROXY: bad }), bad).toThrow(/TRUST_PROXY must be false or a comma-separated list/);
    }
    try {
      loadConfig({ TRUST_PROXY: '127.0.0.1,proxy.internal,10.0.0.0/99' });
      expect.unreachable();
    } catch (error) {
      expect((error as ConfigError).problems).toEqual([expect.stringContaining('"proxy.internal", "10.0.0.0/99"')]);
    }
  });

  it('LOGIN_SLOWDOWN_MS: 250 ms by default; lower only under NODE_ENV=test', () => {
    expect(loadConfig({}).loginSlowdownMs).toBe(250);
    expect(loadConfig({ NODE_ENV: 'test', LOGIN_SLOWDOWN_MS: '5' }).loginSlowdownMs).toBe(5);
    expect(() => loadConfig({ LOGIN_SLOWDOWN_MS: '5' })).toThrow(/tests only/);
    expect(() => loadConfig({ LOGIN_SLOWDOWN_MS: '0' })).toThrow(/LOGIN_SLOWDOWN_MS/);
  });

  it('takes passkey origins that share one host, and refuses paths or mixed hosts', () => {
    expect(loadConfig({ WEBAUTHN_ORIGINS: 'https://agora.example, http://agora.example:8080' }).webauthnOrigins).toEqual(['https://agora.example', 'http://agora.example:8080']);
    expect(() => loadConfig({ WEBAUTHN_ORIGINS: 'https://agora.example/app' })).toThrow(/WEBAUTHN_ORIGINS/);
    expect(() => loadConfig({ WEBAUTHN_ORIGINS: 'https://agora.example,https://evil.example' })).toThrow(/one host/);
  });
});
