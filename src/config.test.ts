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

  it('takes passkey origins that share one host, and refuses paths or mixed hosts', () => {
    expect(loadConfig({ WEBAUTHN_ORIGINS: 'https://agora.example, http://agora.example:8080' }).webauthnOrigins).toEqual(['https://agora.example', 'http://agora.example:8080']);
    expect(() => loadConfig({ WEBAUTHN_ORIGINS: 'https://agora.example/app' })).toThrow(/WEBAUTHN_ORIGINS/);
    expect(() => loadConfig({ WEBAUTHN_ORIGINS: 'https://agora.example,https://evil.example' })).toThrow(/one host/);
  });
});
