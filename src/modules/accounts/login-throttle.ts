/**
 * Failed-password budgets, shared by the login form and the password asked again before
 * deleting an account.
 *
 * - per (phone, IP): 10 failures in 15 minutes, then 429 (API.md), even for the right password;
 * - per phone, across IPs: 50 in an hour, then 429 (a distributed attack on one account);
 * - per IP: never refused, because a NAT or a proxy puts many people behind one address. Past
 *   100 failures in an hour each login from the IP waits first, 250 ms doubling to 4 s.
 *
 * The wait depends only on the IP's count and comes before the password is checked, so its
 * length says nothing about the password or the account.
 *
 * @example
 *   const throttle = createLoginThrottle({ limits, slowdownMs: config.loginSlowdownMs });
 *   await throttle.beforeCheck(phoneKey, ip);
 *   if (ok) await throttle.succeeded(phoneKey, ip); else await throttle.failed(phoneKey, ip);
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { LOGIN_SLOWDOWN_AFTER, type RateLimits } from './rate-limit.js';

/** The longest wait is this many times the first (250 ms → 4 s). */
const MAX_SLOWDOWN_FACTOR = 16;

export interface LoginThrottle {
  /** 429 when the (phone, IP) or the phone's budget is spent; waits when the IP is past its threshold. */
  beforeCheck(phoneKey: string, ip: string): Promise<void>;
  failed(phoneKey: string, ip: string): Promise<void>;
  /** Clears this (phone, IP)'s count; the phone's count across IPs runs out on its own. */
  succeeded(phoneKey: string, ip: string): Promise<void>;
}

/** How long a login waits after `failures` failed logins from its IP in the window. */
export function loginSlowdown(failures: number, slowdownMs: number): number {
  if (failures < LOGIN_SLOWDOWN_AFTER) return 0;
  const doublings = Math.min(failures - LOGIN_SLOWDOWN_AFTER, Math.log2(MAX_SLOWDOWN_FACTOR));
  return slowdownMs * 2 ** doublings;
}

export function createLoginThrottle(deps: { limits: RateLimits; slowdownMs: number }): LoginThrottle {
  const { limits, slowdownMs } = deps;
  const phoneIpKey = (phoneKey: string, ip: string) => `${phoneKey}|${ip}`;
  return {
    async beforeCheck(phoneKey, ip) {
      await limits.loginFailuresPerPhoneIp.assertAllowed(phoneIpKey(phoneKey, ip));
      await limits.loginFailuresPerPhone.assertAllowed(phoneKey);
      const delay = loginSlowdown(await limits.loginFailuresPerIp.count(ip), slowdownMs);
      // Hook point for a proof-of-work or captcha: an IP past the threshold could be asked to
      // solve one here instead of waiting. A wait alone does not stop an attacker who sends
      // many logins at once; the per-phone budgets above still bound guesses per account.
      if (delay > 0) await sleep(delay);
    },
    async failed(phoneKey, ip) {
      await limits.loginFailuresPerIp.add(ip);
      await limits.loginFailuresPerPhoneIp.consume(phoneIpKey(phoneKey, ip));
      await limits.loginFailuresPerPhone.consume(phoneKey);
    },
    async succeeded(phoneKey, ip) {
      await limits.loginFailuresPerPhoneIp.reset(phoneIpKey(phoneKey, ip));
    },
  };
}
