/**
 * Rate limits (API.md "Conventions") of sign-in and SMS codes: counters in Redis when `REDIS_URL` is set, so
 * every process shares them; in process memory otherwise (one embedded process).
 */
import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { tooManyRequests } from '../../lib/errors.js';

export interface Limiter {
  /** 429 when the budget is already spent; spends nothing. */
  assertAllowed(key: string): Promise<void>;
  /** Spend one; 429 when that goes over the budget. */
  consume(key: string): Promise<void>;
  reset(key: string): Promise<void>;
}

/** Counts without ever refusing: what the caller does past a threshold is its own choice. */
export interface Counter {
  /** Points counted in the current window (0 when none). */
  count(key: string): Promise<number>;
  add(key: string): Promise<void>;
}

/** Failed logins from one IP past which each further login waits. */
export const LOGIN_SLOWDOWN_AFTER = 100;

export interface RateLimits {
  /** 10 failed logins per phone from one IP in 15 minutes (the budget API.md states). */
  loginFailuresPerPhoneIp: Limiter;
  /** 50 failed logins per phone in an hour, across IPs: a distributed attack on one account. */
  loginFailuresPerPhone: Limiter;
  /**
   * Failed logins per IP in an hour. Never refuses (a NAT or proxy shares an IP):
   * past LOGIN_SLOWDOWN_AFTER each login from the IP is slowed instead.
   */
  loginFailuresPerIp: Counter;
  /** One SMS code per phone a minute… */
  codesPerPhoneMinute: Limiter;
  /** …and ten a day. */
  codesPerPhoneDay: Limiter;
  /** 200 codes per IP an hour. */
  codesPerIp: Limiter;
  /** Messages per sender per conversation a minute (issue 18; `CHAT_MESSAGES_PER_MINUTE`). */
  chatMessagesPerMinute: Limiter;
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

function wrapCounter(limiter: RateLimiterAbstract): Counter {
  return {
    async count(key) {
      return (await limiter.get(key))?.consumedPoints ?? 0;
    },
    async add(key) {
      // penalty() counts like consume() but never rejects, whatever the total.
      await limiter.penalty(key, 1);
    },
  };
}

export function createRateLimits(options: { redisUrl?: string | undefined; prefix?: string; chatMessagesPerMinute?: number }): RateLimits {
  const redis = options.redisUrl ? new Redis(options.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 }) : undefined;
  const prefix = options.prefix ?? 'agora';
  const store = (name: string, points: number, duration: number) => {
    const opts = { keyPrefix: `${prefix}:${name}`, points, duration };
    return redis ? new RateLimiterRedis({ ...opts, storeClient: redis }) : new RateLimiterMemory(opts);
  };
  const make = (name: string, points: number, duration: number, message: string) => wrap(store(name, points, duration), points, message);
  const loginMessage = 'Too many failed logins; try again later';
  const codeMessage = 'Too many codes requested; try again later';
  return {
    loginFailuresPerPhoneIp: make('login-phone-ip', 10, 15 * 60, loginMessage),
    loginFailuresPerPhone: make('login-phone-all', 50, 60 * 60, loginMessage),
    loginFailuresPerIp: wrapCounter(store('login-ip', LOGIN_SLOWDOWN_AFTER, 60 * 60)),
    codesPerPhoneMinute: make('code-phone-min', 1, 60, codeMessage),
    codesPerPhoneDay: make('code-phone-day', 10, 24 * 60 * 60, codeMessage),
    codesPerIp: make('code-ip', 200, 60 * 60, codeMessage),
    chatMessagesPerMinute: make('chat-messages', options.chatMessagesPerMinute ?? 20, 60, 'You are sending messages too fast; wait a moment'),
    close: async () => {
      await redis?.quit();
    },
  };
}
