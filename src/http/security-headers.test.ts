/**
 * HSTS and upgrade-insecure-requests only in production: a development
 * server on plain HTTP must not teach a browser to refuse it. The integration tests run
 * the whole server in test mode; this checks the production switch on a bare Fastify.
 */
import Fastify, { type FastifyReply } from 'fastify';
import { describe, expect, it } from 'vitest';
import { frameworkErrorHeaders, registerSecurityHeaders } from './security-headers.js';

async function headersOf(production: boolean) {
  const app = Fastify();
  await registerSecurityHeaders(app, { production, reportPath: '/csp-reports' });
  app.get('/', async () => ({ ok: true }));
  const res = await app.inject({ method: 'GET', url: '/' });
  await app.close();
  return res.headers;
}

describe('security headers by environment', () => {
  it('production: HSTS for a year with subdomains, and insecure subresources upgraded', async () => {
    const headers = await headersOf(true);
    expect(headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    expect(headers['content-security-policy']).toMatch(/(^|;)upgrade-insecure-requests(;|$)/);
    expect(headers['x-frame-options']).toBe('DENY');
  });

  it('development and tests: neither', async () => {
    const headers = await headersOf(false);
    expect(headers['strict-transport-security']).toBeUndefined();
    expect(headers['content-security-policy']).not.toMatch(/upgrade-insecure-requests/);
    expect(headers['content-security-policy']).toMatch(/(^|;)frame-ancestors 'none'(;|$)/);
  });

  it('answers given before any hook (frameworkErrors) get the same headers', async () => {
    const apply = frameworkErrorHeaders({ production: true, reportPath: '/csp-reports' });
    const app = Fastify({
      frameworkErrors: (_error, _request, reply: FastifyReply) => {
        apply(reply);
        void reply.status(400).send({ bad: true });
      },
    });
    const res = await app.inject({ method: 'GET', url: '/%E0%A4%A' });
    await app.close();
    expect(res.statusCode).toBe(400);
    expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    expect(res.headers['permissions-policy']).toContain('publickey-credentials-get=(self)');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
  });
});
