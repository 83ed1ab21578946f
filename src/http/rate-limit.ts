/**
 * Rate limits (API.md "Conventions"): counters in Redis when `REDIS_URL` is set, so
 * every process shares them; in process memory otherwise (one embedded process).
 */
import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { tooManyRequests } from './errors.js';

export interface Limiter {
  /** 429 when the budget is already spent; spends nothing. */
  assertAllowed(key: string): Promise<void>;
  /** Spend one; 429 when that goes over the budget. */
  consume(key: string): Promise<void>;
  reset(key: string): Promise<void>;
}

export interface RateLimits {
  /** 10 failed logins per phone in 15 minutes. */
  loginFailuresPerPhone: Limiter;
  /** 100 failed logins per IP in an hour. */
  loginFailuresPerIp: Limiter;
  /** One SMS code per phone a minute… */
  codesPerPhoneMinute: Limiter;
  /** …and ten a day. */
  codesPerPhoneDay: Limiter;
  /** 200 codes per IP an hour. */
  codesPerIp: Limiter;
  close(): Promise<void>;
}

function wrap(limiter: RateLimiterAbstract, points: number, message: string): Limiter {
  const retryAfter = (res: RateLimiterRes) => Math.ceil(res.msBeforeNext / 1000);
  return {
    async assertAllowed(key) {
      const res = await limiter.get(key);
      if (res && res.consumedPoints >= points) throw tooManyRequests(retryAfter(res), message);
    },
    async consume(key) {
      try {
        await limiter.consume(key);
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) throw tooManyRequests(retryAfter(rejection), message);
        throw rejection;
      }
    },
    async reset(key) {
      await limiter.delete(key);
    },
  };
}

export function createRateLimits(options: { redisUrl?: string | undefined; prefix?: string }): RateLimits {
  const redis = options.redisUrl ? new Redis(options.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 }) : undefined;
  const prefix = options.prefix ?? 'agora';
  const make = (name: string, points: number, duration: number, message: string) => {
    const opts = { keyPrefix: `${prefix}:${name}`, points, duration };
    const limiter = redis ? new RateLimiterRedis({ ...opts, storeClient: redis }) : new RateLimiterMemory(opts);
    return wrap(limiter, points, message);
  };
  const loginMessage = 'Too many failed logins; try again later';
  const codeMessage = 'Too many codes requested; try again later';
  return {
    loginFailuresPerPhone: make('login-phone', 10, 15 * 60, loginMessage),
    loginFailuresPerIp: make('login-ip', 100, 60 * 60, loginMessage),
    codesPerPhoneMinute: make('code-phone-min', 1, 60, codeMessage),
    codesPerPhoneDay: make('code-phone-day', 10, 24 * 60 * 60, codeMessage),
    codesPerIp: make('code-ip', 200, 60 * 60, codeMessage),
    close: async () => {
      await redis?.quit();
    },
  };
}
