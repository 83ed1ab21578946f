/**
 * The one way the web app talks to Agora's API (/api/v1, same origin): an openapi-fetch
 * client typed by `schema.gen.ts`, which `npm run gen:api` generates from the server's
 * OpenAPI document. A path, a request body or a response field the server does not have
 * fails the web's typecheck instead of a page at run time.
 *
 * The session is the HttpOnly `agora_session` cookie the server sets on login, so nothing
 * here keeps a token: every call just sends the cookie (`credentials: 'include'`); the
 * server's cross-site guard passes the browser's own same-origin requests without a header.
 * Failures arrive as RFC 9457 problem+json and are thrown as `ApiError`, whose `code`
 * (e.g. `PIN_LOCKED`) is what the UI branches on (errors.ts).
 *
 * @example
 *   const order = await call(client.GET('/orders/{id}', { params: { path: { id } } }));
 *   type Order = ResponseOf<'/orders/{id}'>;
 */
import createClient from 'openapi-fetch';
import type { paths } from './schema.gen';

export const API_BASE = '/api/v1';

/** The server's operations by path under API_BASE (the client's base URL). */
export type ApiPaths = { [P in keyof paths as P extends `/api/v1${infer Rest}` ? Rest : never]: paths[P] };
export type ApiPath = keyof ApiPaths;
type Method = 'get' | 'put' | 'post' | 'patch' | 'delete';
type Operation<P extends ApiPath, M extends Method> = NonNullable<ApiPaths[P][M]>;

type JsonOf<R> = R extends { content: { 'application/json': infer Body } } ? Body : undefined;
type Success<Responses> = JsonOf<Responses[Extract<keyof Responses, 200 | 201 | 202 | 204>]>;

/** The JSON a successful `M P` answers with, e.g. `ResponseOf<'/orders/{id}'>`. */
export type ResponseOf<P extends ApiPath, M extends Method = 'get'> = Operation<P, M> extends { responses: infer R } ? Success<R> : never;
/** The JSON body `M P` takes. */
export type BodyOf<P extends ApiPath, M extends Method = 'post'> =
  Operation<P, M> extends { requestBody?: { content: { 'application/json': infer Body } } } ? Body : never;
/** The query parameters `M P` takes. */
export type QueryOf<P extends ApiPath, M extends Method = 'get'> = Operation<P, M> extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;
/** The element of a paged or listed answer (`{ items: T[] }`). */
export type ItemOf<Answer> = Answer extends { items: (infer Item)[] } ? Item : never;

/** A page of a list (API.md "Conventions"): the one envelope every paged answer shares. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Path parameters of a call: `{ params: { path: { id } } }`. */
export const at = <P extends Record<string, string>>(path: P) => ({ params: { path } });

export interface FieldProblem {
  path: string;
  message: string;
}

/** An RFC 9457 problem document with Agora's stable `code`. */
export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  code: string;
  errors?: FieldProblem[];
  /** Extra members, e.g. `remainingTries` on BAD_PIN. */
  [member: string]: unknown;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly errors: FieldProblem[];
  readonly problem: Problem;
  /** Seconds, from `Retry-After` (429 and 423 answers). */
  readonly retryAfter: number | undefined;

  constructor(problem: Problem, retryAfter?: number) {
    super(problem.detail ?? problem.title ?? problem.code);
    this.name = 'ApiError';
    this.status = problem.status;
    this.code = problem.code;
    this.detail = problem.detail ?? '';
    this.errors = problem.errors ?? [];
    this.problem = problem;
    this.retryAfter = retryAfter;
  }
}

/** Not an answer from Agora at all (offline, proxy error page): still an ApiError, so the UI has one path. */
const NETWORK_ERROR = 'NETWORK_ERROR';

function isProblem(value: unknown): value is Problem {
  return typeof value === 'object' && value !== null && typeof (value as Problem).code === 'string';
}

/** `a=1&b=2` from the defined, non-empty values (an empty search box sends no `q`). */
export function querySerializer(params: Record<string, unknown>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  return search.toString();
}

export const client = createClient<ApiPaths>({
  baseUrl: API_BASE,
  credentials: 'include',
  headers: { accept: 'application/json, application/problem+json' },
  querySerializer,
});

/** Money-moving POSTs carry the caller's key (see idempotency.ts), so a retry cannot pay twice. */
export const idempotent = (key: string) => ({ headers: { 'idempotency-key': key } });

/** An answer of `client`: its JSON on success, an `ApiError` from the problem document otherwise. */
export async function call<Data>(pending: Promise<{ data?: Data; error?: unknown; response: Response }>): Promise<Data> {
  let answer: Awaited<typeof pending>;
  try {
    answer = await pending;
  } catch {
    throw new ApiError({ status: 0, code: NETWORK_ERROR, detail: 'The server could not be reached' });
  }
  const { response } = answer;
  if (response.ok) return answer.data as Data;
  const retryAfterHeader = response.headers.get('retry-after');
  const retryAfter = retryAfterHeader && /^\d+$/.test(retryAfterHeader) ? Number(retryAfterHeader) : undefined;
  const problem: Problem = isProblem(answer.error)
    ? answer.error
    : { status: response.status, code: response.status >= 500 ? 'INTERNAL' : NETWORK_ERROR, detail: response.statusText };
  throw new ApiError(problem, retryAfter);
}
