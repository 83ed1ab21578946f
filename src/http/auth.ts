/**
 * Who is calling. A session token arrives as `Authorization: Bearer <token>` (API
 * clients) or as the HttpOnly `agora_session` cookie (the web app). Routes ask
 * `requireUser(request)` / `requireRole(request, 'admin')` at their top.
 */
import type {} from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { forbidden, unauthorized } from '../lib/errors.js';

export interface AuthContext {
  userId: string;
  sessionId: string;
  roles: string[];
}

export type Access = 'user' | 'admin' | 'regulator';

declare module 'fastify' {
  interface FastifyRequest {
    auth: AuthContext | null;
  }
  interface FastifyContextConfig {
    /**
     * Who may call the route. Checked before the input is validated, so a caller
     * without a session hears 401 (and one without the right 403) whatever they sent,
     * and documented in OpenAPI as the route's `security`.
     */
    auth?: Access;
  }
}

const SECURITY: { [scheme: string]: string[] }[] = [{ bearer: [] }, { cookie: [] }];

export const SESSION_COOKIE = 'agora_session';
const MAX_TOKEN_LENGTH = 200;

export function sessionToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : request.cookies[SESSION_COOKIE];
  return token && token.length <= MAX_TOKEN_LENGTH ? token : undefined;
}

/** Register before the routes it guards: the onRoute hook only sees routes added after it. */
export function registerAuth(app: FastifyInstance, authenticate: (token: string) => Promise<AuthContext | null>): void {
  app.decorateRequest('auth', null);
  app.addHook('onRoute', (route) => {
    if (route.config?.auth && route.schema) route.schema.security ??= SECURITY;
  });
  app.addHook('onRequest', async (request) => {
    const token = sessionToken(request);
    if (token) request.auth = await authenticate(token);
  });
  app.addHook('preValidation', async (request) => {
    const access = request.routeOptions.config.auth;
    if (access === 'user') requireUser(request);
    else if (access) requireRole(request, access);
  });
}

export function requireUser(request: FastifyRequest): AuthContext {
  if (!request.auth) throw unauthorized();
  return request.auth;
}

export function requireRole(request: FastifyRequest, role: 'admin' | 'regulator'): AuthContext {
  const auth = requireUser(request);
  if (!auth.roles.includes(role)) throw forbidden();
  return auth;
}

export function setSessionCookie(reply: FastifyReply, token: string, secure: boolean, maxAgeSeconds: number): void {
  reply.setCookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge: maxAgeSeconds });
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  reply.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', secure, path: '/' });
}
