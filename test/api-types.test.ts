/**
 * One contract: the web's types (web/src/api/schema.gen.ts) are generated from the server's
 * OpenAPI document. A route whose response schema changed without `npm run gen:api` fails here,
 * so the web cannot compile against a contract the server no longer serves.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { apiTypesSource, openApiDocument, SCHEMA_FILE, STALE_MESSAGE } from '../scripts/gen-api.js';

describe('generated API types', () => {
  it('web/src/api/schema.gen.ts matches the server OpenAPI document', async () => {
    const fresh = await apiTypesSource(await openApiDocument());
    const committed = fs.existsSync(SCHEMA_FILE) ? fs.readFileSync(SCHEMA_FILE, 'utf8') : '';
    // Not toEqual on the text: a 14,000-line diff helps nobody; the fix is one command.
    expect(committed === fresh, STALE_MESSAGE).toBe(true);
  }, 120_000);
});
