/**
 * One error mapper: every failure leaves as `application/problem+json` (RFC 9457)
 * with a stable `code`. Unknown errors answer 500 with no internals; the log keeps
 * the request id so the two can be matched.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorObject } from 'ajv';
import { AppError, validationFailed, type ErrorKind } from '../lib/errors.js';
import { fieldProblems, MAX_FIELD_PROBLEMS } from './validation.js';

/** Where each domain kind of error meets HTTP: its status and the problem's title. */
const STATUS: Record<ErrorKind, { status: number; title: string }> = {
  invalid: { status: 400, title: 'Bad Request' },
  unauthenticated: { status: 401, title: 'Unauthorized' },
  payment_required: { status: 402, title: 'Payment Required' },
  forbidden: { status: 403, title: 'Forbidden' },
  not_found: { status: 404, title: 'Not Found' },
  method_not_allowed: { status: 405, title: 'Method Not Allowed' },
  not_acceptable: { status: 406, title: 'Not Acceptable' },
  conflict: { status: 409, title: 'Conflict' },
  too_large: { status: 413, title: 'Content Too Large' },
  unsupported_media_type: { status: 415, title: 'Unsupported Media Type' },
  unprocessable: { status: 422, title: 'Unprocessable Content' },
  locked: { status: 423, title: 'Locked' },
  rate_limited: { status: 429, title: 'Too Many Requests' },
  internal: { status: 500, title: 'Internal Server Error' },
  upstream_failed: { status: 502, title: 'Bad Gateway' },
  unavailable: { status: 503, title: 'Service Unavailable' },
};
const KIND_OF_STATUS = new Map(Object.entries(STATUS).map(([kind, { status }]) => [status, kind as ErrorKind]));

/** The HTTP status an error of this kind answers with. */
export const statusOf = (error: AppError): number => STATUS[error.kind].status;

/** Fastify's own coded errors, mapped to ours. */
const FASTIFY_CODES: Record<string, { kind: ErrorKind; code: string; detail: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { kind: 'too_large', code: 'PAYLOAD_TOO_LARGE', detail: 'The request body is larger than allowed' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { kind: 'unsupported_media_type', code: 'UNSUPPORTED_MEDIA_TYPE', detail: 'Send application/json' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { kind: 'invalid', code: 'VALIDATION_FAILED', detail: 'Content-Length does not match the body' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { kind: 'invalid', code: 'VALIDATION_FAILED', detail: 'The JSON body is empty' },
  FST_ERR_CTP_INVALID_JSON_BODY: { kind: 'invalid', code: 'VALIDATION_FAILED', detail: 'The body is not valid JSON' },
  FST_REQ_FILE_TOO_LARGE: { kind: 'too_large', code: 'PAYLOAD_TOO_LARGE', detail: 'The file is larger than allowed (10 MB)' },
  FST_FILES_LIMIT: { kind: 'invalid', code: 'VALIDATION_FAILED', detail: 'Send one file' },
  FST_PARTS_LIMIT: { kind: 'invalid', code: 'VALIDATION_FAILED', detail: 'Send one file and nothing else' },
  FST_FIELDS_LIMIT: { kind: 'invalid', code: 'VALIDATION_FAILED', detail: 'Send one file and nothing else' },
  FST_INVALID_MULTIPART_CONTENT_TYPE: { kind: 'unsupported_media_type', code: 'UNSUPPORTED_MEDIA_TYPE', detail: 'Send multipart/form-data' },
  FST_ERR_BAD_URL: { kind: 'invalid', code: 'VALIDATION_FAILED', detail: 'The URL is not valid' },
  FST_ERR_MAX_PARAM_LENGTH: { kind: 'invalid', code: 'VALIDATION_FAILED', detail: 'A path parameter is too long' },
};

export function sendProblem(reply: FastifyReply, error: AppError): FastifyReply {
  if (error.retryAfter !== undefined) reply.header('Retry-After', String(Math.max(1, Math.ceil(error.retryAfter))));
  const status = statusOf(error);
  return reply
    .status(status)
    .type('application/problem+json; charset=utf-8')
    .send({
      type: `https://agora.example/problems/${error.code.toLowerCase().replaceAll('_', '-')}`,
      title: STATUS[error.kind].title,
      status,
      detail: error.detail,
      code: error.code,
      // A service's own checks (one problem per SKU, per image…) are capped like Ajv's.
      ...(error.errors ? { errors: error.errors.slice(0, MAX_FIELD_PROBLEMS) } : {}),
      ...error.extra,
    });
}

export function toAppError(error: FastifyError | Error, request: FastifyRequest): AppError {
  if (error instanceof AppError) return error;
  const fe = error as FastifyError & { validation?: ErrorObject[]; validationContext?: string };
  if (fe.validation) {
    return validationFailed(fieldProblems(fe.validation, fe.validationContext ?? 'body'));
  }
  const known = fe.code ? FASTIFY_CODES[fe.code] : undefined;
  if (known) return new AppError(known.kind, known.code, known.detail);
  if (error instanceof SyntaxError && fe.statusCode === 400) {
    return validationFailed(undefined, 'The body is not valid JSON');
  }
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    return new AppError(KIND_OF_STATUS.get(fe.statusCode) ?? 'invalid', fe.statusCode === 404 ? 'NOT_FOUND' : 'BAD_REQUEST', 'The request could not be handled');
  }
  request.log.error({ err: error }, 'unhandled error');
  return new AppError('internal', 'INTERNAL', 'An unknown error occurred');
}

export function registerProblemHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    const appError = toAppError(error as FastifyError, request);
    if (statusOf(appError) >= 500 && error instanceof AppError) request.log.error({ code: appError.code }, appError.detail);
    return sendProblem(reply, appError);
  });
}
