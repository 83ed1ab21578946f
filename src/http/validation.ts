/**
 * Request validation. Bodies are validated strictly: no type coercion ("12" is not
 * 12) and unknown fields are refused, not silently dropped. Query strings and path
 * parameters arrive as text, so only they are coerced.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifyInstance, FastifySchemaCompiler } from 'fastify';
import { validationFailed, type FieldProblem } from './errors.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

function makeAjv(coerceTypes: boolean | 'array'): Ajv {
  const ajv = new Ajv({
    coerceTypes,
    removeAdditional: false,
    useDefaults: true,
    // Issue 14 item 2: with allErrors Ajv walks every element of an over-long array and reports
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

/** The most field problems one answer lists (issue 14 item 2: an answer's size never grows with the input). */
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
 * Input the schemas cannot see. Register after auth, so a caller without a session
 * still hears 401 first:
 * - a NUL character anywhere in the URL or the body is refused;
 * - a route without a body schema takes no body, and one without a query schema
 *   no query parameters: anything sent is refused rather than silently ignored,
 *   so a client that thinks it is passing options learns it is not.
 */
export function registerInputGuards(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    if (/%00/.test(request.url)) throw validationFailed([{ path: '/url', message: 'must not contain a NUL character' }]);
    const { schema, config } = request.routeOptions;
    if (!schema?.querystring && !isEmpty(request.query)) {
      throw validationFailed([{ path: '/querystring', message: 'this endpoint takes no query parameters' }]);
    }
    if (config.rawBody) return;
    if (!schema?.body && !isEmpty(request.body)) throw validationFailed([{ path: '/body', message: 'this endpoint takes no body' }]);
    if (holdsBadText(request.body)) throw validationFailed([{ path: '/body', message: 'must not contain NUL characters or lone surrogates' }]);
  });
}
