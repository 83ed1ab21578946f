/**
 * Who is calling. A session token arrives as `Authorization: Bearer <token>` (API
 * clients) or as the HttpOnly `agora_session` cookie (the web app). Routes ask
 * `requireUser(request)` / `requireRole(request, 'admin')` at their top.
 */
import type {} from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { forbidden, unauthorized } from './errors.js';

export interface AuthContext {
  userId: string;
  sessionId: string;
  roles: string[];
}

declare module 'fastify' {
  interface FastifyRequest {
    auth: AuthContext | null;
  }
}

export const SESSION_COOKIE = 'agora_session';
const MAX_TOKEN_LENGTH = 200;

export function sessionToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : request.cookies[SESSION_COOKIE];
  return token && token.length <= MAX_TOKEN_LENGTH ? token : undefined;
}

export function registerAuth(app: FastifyInstance, authenticate: (token: string) => Promise<AuthContext | null>): void {
  app.decorateRequest('auth', null);
  app.addHook('onRequest', async (request) => {
    const token = sessionToken(request);
    if (token) request.auth = await authenticate(token);
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
