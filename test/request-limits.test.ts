/**
 * Every request schema of every route is bounded, so no request can hand
 * the validator (or a handler) an unbounded amount of work. The routes are the ones the
 * server itself adds (an onRoute hook: API routes, hidden ones, pages outside /api/v1), not
 * a list kept by hand, so a new route without caps fails here.
 */
import type { RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/app.js';
import { BODY_LIMIT } from '../src/server.js';
import { largestValidBytes, uncappedParts, type Schema } from './support/worst-input.js';

describe('request schemas', () => {
  let t: TestApp;
  const routes: RouteOptions[] = [];
  beforeAll(async () => {
    t = await startTestApp('pglite', { onRoute: (route) => routes.push(route) });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('cap every string (maxLength), array (maxItems) and open object (maxProperties) they accept', () => {
    const problems: string[] = [];
    let parts = 0;
    for (const route of routes) {
      const methods = [route.method].flat().join(',');
      for (const part of ['body', 'querystring', 'params', 'headers'] as const) {
        const schema = route.schema?.[part];
        if (!schema) continue;
        parts++;
        // Path parameters are fixed by the route's path, and a request always carries headers the
        // schema does not name (Node caps them at 16 KB): those two objects may stay open.
        const found = uncappedParts(schema, `/${part}`).filter((where) => !(part !== 'body' && part !== 'querystring' && where === `/${part}: open object without maxProperties`));
        for (const where of found) problems.push(`${methods} ${route.url} ${where}`);
      }
    }
    expect(parts).toBeGreaterThan(100);
    expect(problems).toEqual([]);
  });

  it('let through the largest JSON body each schema admits (the body limit is above it)', () => {
    const tooSmall: string[] = [];
    let bodies = 0;
    for (const route of routes) {
      const schema = route.schema?.body as Schema | undefined;
      if (!schema) continue;
      bodies++;
      const needs = largestValidBytes(schema);
      const limit = route.bodyLimit ?? BODY_LIMIT;
      if (needs > limit) tooSmall.push(`${[route.method].flat().join(',')} ${route.url}: a valid body may take ${needs} bytes, the limit is ${limit}`);
    }
    expect(bodies).toBeGreaterThan(40);
    expect(tooSmall).toEqual([]);
  });

  it('never echo a field name the client chose back in a problem', async () => {
    const key = `<script>${'k'.repeat(5_000)}`;
    const res = await t.http.post('/auth/login', { phone: '13800138000', password: 'x', [key]: 1 });
    expect([res.status, res.body.errors]).toEqual([400, [{ path: '/body/*', message: 'is not an allowed field' }]]);
    expect(res.text).not.toContain('<script>');
    expect(res.text.length).toBeLessThan(1_000);
    // A name a schema could define is still shown, so a typo is easy to find.
    expect((await t.http.post('/auth/login', { phone: '13800138000', password: 'x', passwrod: 1 })).body.errors).toEqual([{ path: '/body/passwrod', message: 'is not an allowed field' }]);
  });

  it('the walker itself finds each kind of missing cap (a check that cannot fail is no check)', () => {
    const schema = {
      type: 'object',
      additionalProperties: false,
      properties: {
        name: { type: 'string' },
        kind: { type: 'string', enum: ['a', 'b'] },
        fixed: { const: 'x' },
        tags: { type: 'array', items: { type: 'string', maxLength: 5 } },
        map: { type: 'object', patternProperties: { '^.*$': { type: 'integer' } } },
        loose: { type: 'object', properties: {} },
        anything: {},
        nested: { anyOf: [{ type: 'null' }, { type: 'array', maxItems: 2, items: { type: 'string' } }] },
      },
    };
    expect(uncappedParts(schema, '/body')).toEqual([
      '/body/name: string without maxLength',
      '/body/tags: array without maxItems',
      '/body/map: open object without maxProperties',
      '/body/loose: open object without maxProperties',
      '/body/anything: any value (no type)',
      '/body/nested/1/*: string without maxLength',
    ]);
  });
});
