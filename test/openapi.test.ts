/** The contract as served: OpenAPI 3.1, docs, and schemas strict enough to keep API.md's promises. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/app.js';

type Schema = { type?: string; properties?: Record<string, Schema>; additionalProperties?: unknown; items?: Schema; anyOf?: Schema[] };
type Operation = { requestBody?: { content: Record<string, { schema: Schema }> }; responses: Record<string, unknown> };

describe('OpenAPI document', () => {
  let t: TestApp;
  let doc: { openapi: string; paths: Record<string, Record<string, Operation>> };
  beforeAll(async () => {
    t = await startTestApp('pglite');
    const res = await t.http.get('/openapi.json');
    expect(res.status).toBe(200);
    doc = res.body;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('is OpenAPI 3.1 and lists the accounts contract of API.md', () => {
    expect(doc.openapi).toBe('3.1.0');
    const expected = [
      'post /api/v1/auth/phone-code',
      'post /api/v1/auth/register',
      'post /api/v1/auth/login',
      'post /api/v1/auth/logout',
      'get /api/v1/me',
      'post /api/v1/me/phone/code',
      'post /api/v1/me/phone/verify',
      'get /api/v1/me/identity',
      'post /api/v1/me/identity',
      'put /api/v1/me/payment-pin',
      'post /api/v1/me/totp',
      'post /api/v1/me/totp/verify',
      'get /api/v1/me/addresses',
      'post /api/v1/me/addresses',
      'post /api/v1/admin/users/{id}/roles',
      'get /api/v1/me/access-log',
      'get /api/v1/admin/audit-log',
      'get /api/v1/sandbox/sms',
    ];
    const listed = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m} ${path}`));
    for (const op of expected) expect(listed).toContain(op);
  });

  it('every request body refuses unknown fields, all the way down', () => {
    const closed = (schema: Schema, where: string) => {
      if (schema.type === 'object') expect([where, schema.additionalProperties]).toEqual([where, false]);
      for (const [name, child] of Object.entries(schema.properties ?? {})) closed(child, `${where}.${name}`);
      if (schema.items) closed(schema.items, `${where}[]`);
      for (const option of schema.anyOf ?? []) closed(option, where);
    };
    let bodies = 0;
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const schema = op.requestBody?.content['application/json']?.schema;
        if (!schema) continue;
        bodies++;
        closed(schema, `${method} ${path}`);
      }
    }
    expect(bodies).toBeGreaterThanOrEqual(8);
  });

  it('every operation documents its success response and problem responses', () => {
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const codes = Object.keys(op.responses);
        expect([method, path, codes.some((c) => /^2\d\d$/.test(c))]).toEqual([method, path, true]);
        if (path !== '/api/v1/health') expect([method, path, codes.includes('4XX')]).toEqual([method, path, true]);
      }
    }
  });

  it('serves browsable docs at /docs', async () => {
    const res = await fetch(`${t.url}/docs`, { redirect: 'follow' });
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/swagger/i);
  });
});
