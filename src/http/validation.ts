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
    allErrors: true,
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

/** Ajv's errors as `{ path, message }` with JSON-pointer-ish paths like `/body/phone`. */
export function fieldProblems(errors: ErrorObject[], part: string): FieldProblem[] {
  return errors.map((e) => {
    let path = `/${part}${e.instancePath}`;
    if (e.keyword === 'additionalProperties') path += `/${String(e.params.additionalProperty)}`;
    if (e.keyword === 'required') path += `/${String(e.params.missingProperty)}`;
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
 * A route without a body schema takes no body: anything sent is refused rather
 * than silently ignored, so a client that thinks it is passing options learns it is not.
 */
export function registerNoBodyGuard(app: FastifyInstance): void {
  app.addHook('preHandler', async (request) => {
    if (request.routeOptions.schema?.body || request.routeOptions.config.rawBody) return;
    const body = request.body as unknown;
    if (body === undefined || body === null || body === '') return;
    if (typeof body === 'object' && !Array.isArray(body) && Object.keys(body).length === 0) return;
    throw validationFailed([{ path: '/body', message: 'this endpoint takes no body' }]);
  });
}
