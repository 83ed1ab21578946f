/**
 * Cross-site request refusal. The session cookie is SameSite=Lax,
 * which still lets a page on a sibling subdomain (same-site) and older browsers send it,
 * and it says nothing about signing someone in to the attacker's account (login CSRF).
 * So every state-changing request (POST, PUT, PATCH, DELETE) a browser sends from
 * another site is refused with 403 CROSS_SITE_REQUEST before anything runs — body-less
 * ones too (like, cancel, confirm-receipt) — on every route of the server:
 *
 * - `Sec-Fetch-Site` is what modern browsers send: `same-origin` and `none` (the user
 *   typed it) pass, `same-site` and `cross-site` are refused.
 * - Without it, an `Origin` that is not this server's own (scheme and Host, or one of
 *   WEBAUTHN_ORIGINS, the origins the app is served from behind a proxy) is refused.
 * - A request with neither header is not from a browser page, which always sends Origin
 *   on a cross-origin POST: server-to-server calls (payment webhooks) pass.
 * - A request with `Authorization: Bearer` passes whatever it says: a browser cannot
 *   attach that header to another site's request (we allow no CORS), and a cookie
 *   alongside it is ignored (http/auth.ts reads the Bearer token first).
 *
 * The check does not ask whether the session cookie is there: a sign-in or registration
 * without one is as forgeable (login CSRF), and no browser page of another site has any
 * business changing state here. A route that must take cross-site posts (the CSP report
 * sink) says so with `config: { crossSite: 'allow' }`.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../lib/errors.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** `allow`: take state-changing requests from other sites (see http/cross-site.ts). */
    crossSite?: 'allow';
  }
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export const crossSiteRequest = () =>
  new AppError('forbidden', 'CROSS_SITE_REQUEST', 'Requests from another site cannot change anything here; use Agora itself, or an API client with a Bearer token');

function originOf(text: string): string | undefined {
  try {
    const origin = new URL(text).origin;
    return origin === 'null' ? undefined : origin;
  } catch {
    return undefined;
  }
}

/** Whether a browser sent this request from a page of another origin. */
export function isCrossSite(request: FastifyRequest, trustedOrigins: readonly string[]): boolean {
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined) return site !== 'same-origin' && site !== 'none';
  const origin = request.headers.origin;
  if (origin === undefined) return false;
  // `Origin: null` (sandboxed frames, redirects across sites) is never ours.
  const claimed = originOf(origin);
  if (!claimed) return true;
  return claimed !== originOf(`${request.protocol}://${request.host}`) && !trustedOrigins.includes(claimed);
}

/** Register on the root instance, before any route, so every route of the server is covered. */
export function registerCrossSiteGuard(app: FastifyInstance, options: { trustedOrigins?: readonly string[] | undefined }): void {
  const trusted = (options.trustedOrigins ?? []).map(originOf).filter((origin): origin is string => origin !== undefined);
  app.addHook('onRequest', async (request) => {
    if (!STATE_CHANGING.has(request.method)) return;
    if (request.headers.authorization?.startsWith('Bearer ')) return;
    if (request.routeOptions.config.crossSite === 'allow') return;
    if (isCrossSite(request, trusted)) throw crossSiteRequest();
  });
}
