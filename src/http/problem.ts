/**
 * One error mapper: every failure leaves as `application/problem+json` (RFC 9457)
 * with a stable `code`. Unknown errors answer 500 with no internals; the log keeps
 * the request id so the two can be matched.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorObject } from 'ajv';
import { AppError } from './errors.js';
import { fieldProblems, MAX_FIELD_PROBLEMS } from './validation.js';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  402: 'Payment Required',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  423: 'Locked',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

/** Fastify's own coded errors, mapped to ours. */
const FASTIFY_CODES: Record<string, { status: number; code: string; detail: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'PAYLOAD_TOO_LARGE', detail: 'The request body is larger than allowed' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', detail: 'Send application/json' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'VALIDATION_FAILED', detail: 'Content-Length does not match the body' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'VALIDATION_FAILED', detail: 'The JSON body is empty' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'VALIDATION_FAILED', detail: 'The body is not valid JSON' },
  FST_REQ_FILE_TOO_LARGE: { status: 413, code: 'PAYLOAD_TOO_LARGE', detail: 'The file is larger than allowed (10 MB)' },
  FST_FILES_LIMIT: { status: 400, code: 'VALIDATION_FAILED', detail: 'Send one file' },
  FST_PARTS_LIMIT: { status: 400, code: 'VALIDATION_FAILED', detail: 'Send one file and nothing else' },
  FST_FIELDS_LIMIT: { status: 400, code: 'VALIDATION_FAILED', detail: 'Send one file and nothing else' },
  FST_INVALID_MULTIPART_CONTENT_TYPE: { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', detail: 'Send multipart/form-data' },
  FST_ERR_BAD_URL: { status: 400, code: 'VALIDATION_FAILED', detail: 'The URL is not valid' },
  FST_ERR_MAX_PARAM_LENGTH: { status: 400, code: 'VALIDATION_FAILED', detail: 'A path parameter is too long' },
};

export function sendProblem(reply: FastifyReply, error: AppError): FastifyReply {
  if (error.retryAfter !== undefined) reply.header('Retry-After', String(Math.max(1, Math.ceil(error.retryAfter))));
  return reply
    .status(error.status)
    .type('application/problem+json; charset=utf-8')
    .send({
      type: `https://agora.example/problems/${error.code.toLowerCase().replaceAll('_', '-')}`,
      title: TITLES[error.status] ?? 'Error',
      status: error.status,
      detail: error.detail,
      code: error.code,
      // Issue 14 item 2: a service's own checks (one problem per SKU, per image…) are capped like Ajv's.
      ...(error.errors ? { errors: error.errors.slice(0, MAX_FIELD_PROBLEMS) } : {}),
      ...error.extra,
    });
}

export function toAppError(error: FastifyError | Error, request: FastifyRequest): AppError {
  if (error instanceof AppError) return error;
  const fe = error as FastifyError & { validation?: ErrorObject[]; validationContext?: string };
  if (fe.validation) {
    return new AppError(400, 'VALIDATION_FAILED', 'The request is not valid', {
      errors: fieldProblems(fe.validation, fe.validationContext ?? 'body'),
    });
  }
  const known = fe.code ? FASTIFY_CODES[fe.code] : undefined;
  if (known) return new AppError(known.status, known.code, known.detail);
  if (error instanceof SyntaxError && fe.statusCode === 400) {
    return new AppError(400, 'VALIDATION_FAILED', 'The body is not valid JSON');
  }
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    return new AppError(fe.statusCode, fe.statusCode === 404 ? 'NOT_FOUND' : 'BAD_REQUEST', 'The request could not be handled');
  }
  request.log.error({ err: error }, 'unhandled error');
  return new AppError(500, 'INTERNAL', 'An unknown error occurred');
}

export function registerProblemHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    const appError = toAppError(error as FastifyError, request);
    if (appError.status >= 500 && error instanceof AppError) request.log.error({ code: appError.code }, appError.detail);
    return sendProblem(reply, appError);
  });
}
