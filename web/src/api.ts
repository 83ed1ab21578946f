/**
 * The web app's client for the Agora API (/api/v1, same origin). The session is the
 * HttpOnly `agora_session` cookie the server sets on login, so nothing here keeps
 * a token: every call just sends the cookie (`credentials: 'include'`).
 *
 * Failures arrive as RFC 9457 problem+json and are thrown as `ApiError`, whose
 * `code` (e.g. `PIN_LOCKED`) is what the UI branches on.
 *
 * @example
 *   try { await api.verifyIdentity({ realName, idNumber }) }
 *   catch (e) { if (e instanceof ApiError && e.code === 'UNDERAGE') … }
 */

const API_BASE = '/api/v1';

/** GET /me (API.md "Accounts and identity"). */
export interface Me {
  id: string;
  displayName: string;
  phoneMasked: string;
  phoneVerified: boolean;
  identityVerified: boolean;
  roles: string[];
  paymentPinSet: boolean;
  totpEnabled: boolean;
  createdAt: string;
}

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

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
  // No content-type without a body: the server rejects an empty JSON body.
  if (body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(`${API_BASE}${path}`, {
      method,
      headers,
      credentials: 'include',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError({ status: 0, code: NETWORK_ERROR, detail: 'The server could not be reached' });
  }
  const text = await response.text();
  let parsed: unknown = undefined;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
  }
  if (!response.ok) {
    const retryAfterHeader = response.headers.get('retry-after');
    const retryAfter = retryAfterHeader && /^\d+$/.test(retryAfterHeader) ? Number(retryAfterHeader) : undefined;
    const problem: Problem = isProblem(parsed)
      ? parsed
      : { status: response.status, code: response.status >= 500 ? 'INTERNAL' : NETWORK_ERROR, detail: response.statusText };
    throw new ApiError(problem, retryAfter);
  }
  return parsed as T;
}

export const api = {
  register: (input: { phone: string; password: string; displayName: string }) =>
    request<{ user: Me }>('POST', '/auth/register', input),
  login: (input: { phone: string; password: string }) => request<{ user: Me }>('POST', '/auth/login', input),
  logout: () => request<void>('POST', '/auth/logout'),
  me: () => request<Me>('GET', '/me'),
  sendPhoneCode: () => request<{ sent: boolean; expiresAt: string }>('POST', '/me/phone/code'),
  verifyPhone: (code: string) => request<{ phoneVerified: boolean; user: Me }>('POST', '/me/phone/verify', { code }),
  verifyIdentity: (input: { realName: string; idNumber: string }) =>
    request<{ identityVerified: boolean; user: Me }>('POST', '/me/identity', input),
  setPaymentPin: (input: { pin: string; currentPin?: string }) => request<void>('PUT', '/me/payment-pin', input),
  startTotp: () => request<{ secret: string; otpauthUrl: string }>('POST', '/me/totp'),
  verifyTotp: (code: string) => request<void>('POST', '/me/totp/verify', { code }),
};
