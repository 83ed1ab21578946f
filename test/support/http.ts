/** A small fetch client for tests: real HTTP, JSON in and out, status and headers kept. */
export interface Response<T = any> {
  status: number;
  body: T;
  headers: Headers;
  text: string;
}

export interface RequestOptions {
  token?: string | undefined;
  headers?: Record<string, string>;
  /** Send this exact text as the body (malformed JSON tests). */
  raw?: string;
}

export interface Client {
  request<T = any>(method: string, path: string, body?: unknown, options?: RequestOptions): Promise<Response<T>>;
  get<T = any>(path: string, options?: RequestOptions): Promise<Response<T>>;
  post<T = any>(path: string, body?: unknown, options?: RequestOptions): Promise<Response<T>>;
  put<T = any>(path: string, body?: unknown, options?: RequestOptions): Promise<Response<T>>;
  delete<T = any>(path: string, body?: unknown, options?: RequestOptions): Promise<Response<T>>;
}

export function createClient(baseUrl: string): Client {
  const request = async (method: string, path: string, body?: unknown, options: RequestOptions = {}) => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let payload: string | undefined;
    if (options.raw !== undefined) payload = options.raw;
    else if (body !== undefined) payload = JSON.stringify(body);
    if (payload !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
    const url = path.startsWith('/api/') || path.startsWith('/docs') || !path.startsWith('/') ? path : `/api/v1${path}`;
    const response = await fetch(`${baseUrl}${url}`, { method, headers, body: payload });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON */
    }
    return { status: response.status, body: parsed, headers: response.headers, text };
  };
  return {
    request,
    get: (path, options) => request('GET', path, undefined, options),
    post: (path, body, options) => request('POST', path, body, options),
    put: (path, body, options) => request('PUT', path, body, options),
    delete: (path, body, options) => request('DELETE', path, body, options),
  } as Client;
}
