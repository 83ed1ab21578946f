/**
 * The one error type. Services throw `AppError`s with a stable `code` from API.md;
 * the error handler (http/problem.ts) turns them into RFC 9457 problem+json.
 *
 * @example
 *   throw new AppError(409, 'PHONE_TAKEN', 'This phone number is already registered');
 */
export interface FieldProblem {
  path: string;
  message: string;
}

export interface AppErrorOptions {
  errors?: FieldProblem[];
  /** Extra members of the problem document, e.g. `remainingTries`. */
  extra?: Record<string, unknown>;
  /** Seconds, for 429 and 423. */
  retryAfter?: number;
}

export class AppError extends Error {
  readonly errors: FieldProblem[] | undefined;
  readonly extra: Record<string, unknown> | undefined;
  readonly retryAfter: number | undefined;

  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    options: AppErrorOptions = {},
  ) {
    super(detail);
    this.name = 'AppError';
    this.errors = options.errors;
    this.extra = options.extra;
    this.retryAfter = options.retryAfter;
  }
}

export const validationFailed = (errors: FieldProblem[], detail = 'The request is not valid') =>
  new AppError(400, 'VALIDATION_FAILED', detail, { errors });

export const unauthorized = (detail = 'Sign in first') => new AppError(401, 'UNAUTHENTICATED', detail);
export const forbidden = (detail = 'You do not have the right to do this') => new AppError(403, 'FORBIDDEN', detail);
/** Also what "not yours" answers, so ids cannot be probed. */
export const notFound = (what = 'resource') => new AppError(404, 'NOT_FOUND', `No such ${what}`);
export const tooManyRequests = (retryAfter: number, detail = 'Too many requests; try again later') =>
  new AppError(429, 'RATE_LIMITED', detail, { retryAfter });
