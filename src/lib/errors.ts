/**
 * The one error type. Domain code throws `AppError`s with a `kind` (what went wrong,
 * in the domain's words) and a stable `code` from API.md; it never names an HTTP
 * status. `http/problem.ts` maps each kind to its status and writes RFC 9457
 * problem+json.
 *
 * @example
 *   throw new AppError('conflict', 'PHONE_TAKEN', 'This phone number is already registered');
 */
export interface FieldProblem {
  path: string;
  message: string;
}

/** What went wrong, from the caller's side; `http/problem.ts` owns the status of each. */
export type ErrorKind =
  | 'invalid' // the request breaks a rule of its shape or of the domain's input
  | 'unauthenticated' // nobody is signed in, or the credentials are wrong
  | 'payment_required' // the wallet cannot cover it
  | 'forbidden' // signed in, but not allowed
  | 'method_not_allowed' // HTTP's own: the path takes other methods
  | 'not_acceptable' // HTTP's own: no answer in a format the client accepts
  | 'not_found' // no such thing (also "not yours", so ids cannot be probed)
  | 'conflict' // the thing is in a state that does not allow this
  | 'too_large' // the body or file is larger than allowed
  | 'unsupported_media_type' // the body's format is not one we take
  | 'unprocessable' // well-formed, but its content is refused (prohibited words, bad images)
  | 'locked' // locked for a while after too many failures
  | 'rate_limited' // too many requests; `retryAfter` says when to try again
  | 'internal' // our fault
  | 'upstream_failed' // a provider we call failed
  | 'unavailable'; // a part we need is not running right now

export interface AppErrorOptions {
  errors?: FieldProblem[];
  /** Extra members of the problem document, e.g. `remainingTries`. */
  extra?: Record<string, unknown>;
  /** Seconds, for `rate_limited` and `locked`. */
  retryAfter?: number;
}

export class AppError extends Error {
  readonly errors: FieldProblem[] | undefined;
  readonly extra: Record<string, unknown> | undefined;
  readonly retryAfter: number | undefined;

  constructor(
    readonly kind: ErrorKind,
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

/** Bad input; `errors` names the fields when there are any (a body that is not JSON has none). */
export const validationFailed = (errors: FieldProblem[] | undefined, detail = 'The request is not valid') =>
  new AppError('invalid', 'VALIDATION_FAILED', detail, errors ? { errors } : {});

export const unauthorized = (detail = 'Sign in first') => new AppError('unauthenticated', 'UNAUTHENTICATED', detail);
export const forbidden = (detail = 'You do not have the right to do this') => new AppError('forbidden', 'FORBIDDEN', detail);
/** Also what "not yours" answers, so ids cannot be probed. */
export const notFound = (what = 'resource') => new AppError('not_found', 'NOT_FOUND', `No such ${what}`);
/** A signed call (the payment provider's webhook, the SMS gateway's) whose signature does not verify. */
export const badSignature = (detail: string) => new AppError('unauthenticated', 'BAD_SIGNATURE', detail);
export const tooManyRequests = (retryAfter: number, detail = 'Too many requests; try again later') =>
  new AppError('rate_limited', 'RATE_LIMITED', detail, { retryAfter });
