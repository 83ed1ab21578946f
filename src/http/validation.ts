/**
 * Request validation. Bodies are validated strictly: no type coercion ("12" is not
 * 12) and unknown fields are refused, not silently dropped. Query strings and path
 * parameters arrive as text, so only they are coerced.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifyInstance, FastifySchemaCompiler } from 'fastify';
import { sessionToken } from './auth.js';
import { validationFailed, type FieldProblem } from '../lib/errors.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

function makeAjv(coerceTypes: boolean | 'array'): Ajv {
  const ajv = new Ajv({
    coerceTypes,
    removeAdditional: false,
    useDefaults: true,
    // With allErrors Ajv walks every element of an over-long array and reports
    // each bad one (a 109 KB body gave a 25 MB answer after 4 s, stalling every other request).
    // Stopping at the first problem bounds both the work and the answer; a client fixes one field
    // at a time, and the service's own checks (validationFailed) still name their field.
    allErrors: false,
    strict: false,
  });
  addFormats(ajv);
  return ajv;
}

const strict = makeAjv(false);
const coercing = makeAjv('array');

export const validatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) => {
  const ajv = httpPart === 'body' ? strict : coercing;
  return ajv.compile(schema as object) as ValidateFunction;
};

/** The most field problems one answer lists (: an answer's size never grows with the input). */
export const MAX_FIELD_PROBLEMS = 20;

/**
 * A path segment as the answer shows it. Segments come from the client (an unknown field's
 * name, a key of a map): a name our schemas could define, or an array index, is shown; anything
 * else (markup, a 10,000-character key) is replaced by `*`, so a problem never echoes input.
 */
export const pathSegment = (segment: string): string => (/^[A-Za-z0-9_-]{1,64}$/.test(segment) ? segment : '*');

/** Ajv's errors as `{ path, message }` with JSON-pointer-ish paths like `/body/phone`. */
export function fieldProblems(errors: ErrorObject[], part: string): FieldProblem[] {
  return errors.slice(0, MAX_FIELD_PROBLEMS).map((e) => {
    // Ajv escapes `~` and `/` inside keys (JSON pointer); split first, then judge each segment.
    const segments = e.instancePath.split('/').slice(1).map(pathSegment);
    if (e.keyword === 'additionalProperties') segments.push(pathSegment(String(e.params.additionalProperty)));
    if (e.keyword === 'required') segments.push(pathSegment(String(e.params.missingProperty)));
    const path = `/${pathSegment(part)}${segments.map((s) => `/${s}`).join('')}`;
    const message =
      e.keyword === 'additionalProperties' ? 'is not an allowed field' : e.keyword === 'required' ? 'is required' : (e.message ?? 'is not valid');
    return { path, message };
  });
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route reads its body itself (signed webhooks); skip the empty-body guard. */
    rawBody?: boolean;
  }
}

/**
 * A `date-time` string as a Date. The format check lets a leap second (23:59:60)
 * through, which JavaScript cannot represent: that is bad input, not a 500.
 */
export function instant(text: string, path: string): Date {
  const at = new Date(text);
  if (Number.isNaN(at.getTime())) throw validationFailed([{ path, message: 'must be a date-time JavaScript can represent (no leap seconds)' }]);
  return at;
}

/**
 * Text PostgreSQL would refuse or silently change: U+0000, and lone UTF-16
 * surrogates (stored as U+FFFD). Either is bad input, not a server error.
 */
const badText = (text: string) => text.includes('\u0000') || !text.isWellFormed();

export function holdsBadText(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return badText(value);
  if (depth > 20 || value === null || typeof value !== 'object') return false;
  return Object.entries(value).some(([key, v]) => badText(key) || holdsBadText(v, depth + 1));
}

const isEmpty = (value: unknown) =>
  value === undefined || value === null || value === '' || (typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0);

/**
 * Longer than any path a client of ours builds. Query strings are left to each route's
 * schema (a caller without a session hears 401 first), under Node's own 16 KB header cap.
 */
export const MAX_PATH_LENGTH = 4_096;
/** The router's `maxParamLength`: the longest path parameter (a WebAuthn credential id) is 1,400. */
export const MAX_PATH_SEGMENT_LENGTH = 2_048;

/**
 * The URL of every request, whatever route it reaches (API, upload serving, share
 * pages, docs, static files, the SPA fallback), checked before any handler sees it
 *: a NUL (`%00`) anywhere, percent-encoding that is not UTF-8
 * (`%ZZ`, a cut sequence, an encoded lone surrogate such as `%ED%A0%80`), an over-long
 * path or path segment. PostgreSQL refuses NUL in text, so such a value reaching a
 * service was a 500; now it is 400 VALIDATION_FAILED before routing work begins.
 */
export function registerUrlGuard(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    // API.md: a missing session is 401, whatever else is wrong. A route that needs one, called
    // without a token, is answered by the auth check before anything reads the URL's values.
    if (request.routeOptions.config.auth && sessionToken(request) === undefined) return;
    const url = request.url;
    const query = url.indexOf('?');
    const pathname = query === -1 ? url : url.slice(0, query);
    if (pathname.length > MAX_PATH_LENGTH) throw validationFailed([{ path: '/url', message: `the path must be at most ${MAX_PATH_LENGTH} characters` }]);
    if (pathname.split('/').some((segment) => segment.length > MAX_PATH_SEGMENT_LENGTH)) {
      throw validationFailed([{ path: '/url', message: `a path segment must be at most ${MAX_PATH_SEGMENT_LENGTH} characters` }]);
    }
    let decoded: string;
    try {
      // Throws on malformed escapes and on bytes that are not UTF-8 (lone surrogates, over-long forms).
      decoded = decodeURIComponent(url);
    } catch {
      throw validationFailed([{ path: '/url', message: 'must be percent-encoded UTF-8' }]);
    }
    if (decoded.includes('\u0000')) throw validationFailed([{ path: '/url', message: 'must not contain a NUL character' }]);
  });
}

/**
 * Input the schemas cannot see. Register after auth, so a caller without a session
 * still hears 401 first (the URL itself is checked earlier, by `registerUrlGuard`):
 * - a NUL character or a lone surrogate anywhere in the body is refused;
 * - a route without a body schema takes no body, and one without a query schema
 *   no query parameters: anything sent is refused rather than silently ignored,
 *   so a client that thinks it is passing options learns it is not.
 */
export function registerInputGuards(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const { schema, config } = request.routeOptions;
    if (!schema?.querystring && !isEmpty(request.query)) {
      throw validationFailed([{ path: '/querystring', message: 'this endpoint takes no query parameters' }]);
    }
    if (config.rawBody) return;
    if (!schema?.body && !isEmpty(request.body)) throw validationFailed([{ path: '/body', message: 'this endpoint takes no body' }]);
    if (holdsBadText(request.body)) throw validationFailed([{ path: '/body', message: 'must not contain NUL characters or lone surrogates' }]);
  });
}
