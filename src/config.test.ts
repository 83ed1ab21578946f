import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_PROHIBITED_WORDS, loadConfig } from './config.js';

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

  it('production needs keys and turns the sandbox off', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/AGORA_DATA_KEYS/);
    const key = Buffer.alloc(32, 7).toString('base64');
    const config = loadConfig({ NODE_ENV: 'production', AGORA_DATA_KEYS: `k1:${key}`, AGORA_LOOKUP_KEY: key });
    expect(config.sandbox).toBe(false);
  });

  it('TRUST_PROXY: off by default; a list of proxy addresses or CIDRs; never "every hop" nor a hop count (issue 14 item 3)', () => {
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

  it('LOGIN_SLOWDOWN_MS: 250 ms by default; lower only under NODE_ENV=test (issue 14 item 4)', () => {
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
