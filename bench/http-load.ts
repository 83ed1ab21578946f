/**
 * Load with autocannon: a short warm-up, then the measured run, both with the same
 * requests. Everything that would make a figure dishonest (non-2xx answers, socket
 * errors, timeouts) is kept next to it.
 */
import os from 'node:os';
import autocannon from 'autocannon';

export interface LoadSettings {
  connections: number;
  durationS: number;
  warmupS: number;
}

export interface LoadSpec {
  name: string;
  url: string;
  /** Built afresh for the warm-up and for the run; `counters` belong to that one run. */
  requests: (counters: Record<string, number>) => autocannon.Request[];
}

export interface LoadResult {
  name: string;
  /** Mean of the per-second samples (autocannon's "Req/Sec avg"). */
  rps: number;
  /** Every completed response divided by the measured duration. */
  rpsOverall: number;
  durationS: number;
  connections: number;
  total: number;
  ok2xx: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  resets: number;
  mismatches: number;
  statusCodes: Record<string, number>;
  latencyMs: { mean: number; p50: number; p90: number; p99: number; max: number };
  /** Whatever the requests counted themselves (e.g. completed login+me pairs). */
  counters: Record<string, number>;
  warmup: { durationS: number; total: number; non2xx: number; errors: number; timeouts: number };
  /** 1-minute load average before and after the measured run: how much else the machine was doing. */
  load1: { before: number; after: number };
}

async function once(spec: LoadSpec, connections: number, durationS: number) {
  const counters: Record<string, number> = {};
  const result = await autocannon({ url: spec.url, connections, duration: durationS, timeout: 10, requests: spec.requests(counters) });
  return { result, counters };
}

export async function measure(spec: LoadSpec, settings: LoadSettings): Promise<LoadResult> {
  const warm = settings.warmupS > 0 ? await once(spec, settings.connections, settings.warmupS) : undefined;
  const before = os.loadavg()[0]!;
  const { result: r, counters } = await once(spec, settings.connections, settings.durationS);
  const after = os.loadavg()[0]!;
  const statusCodes = Object.fromEntries(Object.entries(r.statusCodeStats).map(([code, s]) => [code, s.count]));
  return {
    name: spec.name,
    rps: r.requests.average,
    rpsOverall: r.requests.total / r.duration,
    durationS: r.duration,
    connections: r.connections,
    total: r.requests.total,
    ok2xx: r['2xx'],
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    resets: r.resets,
    mismatches: r.mismatches,
    statusCodes,
    latencyMs: { mean: r.latency.mean, p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max },
    counters,
    load1: { before, after },
    warmup: warm
      ? {
          durationS: warm.result.duration,
          total: warm.result.requests.total,
          non2xx: warm.result.non2xx,
          errors: warm.result.errors,
          timeouts: warm.result.timeouts,
        }
      : { durationS: 0, total: 0, non2xx: 0, errors: 0, timeouts: 0 },
  };
}

const JSON_HEADERS = { 'content-type': 'application/json' };

export function getRequest(path: string, headers: Record<string, string> = {}) {
  return (): autocannon.Request[] => [{ method: 'GET', path, headers }];
}

export function postJson(path: string, body: unknown) {
  return (): autocannon.Request[] => [{ method: 'POST', path, headers: JSON_HEADERS, body: JSON.stringify(body) }];
}

/**
 * Each connection logs in, then reads /me with the token it was just given: the
 * "login + me" pair. `loginOk` / `meOk` count the 2xx halves, so pairs/s = meOk / s.
 */
export function loginThenMe(loginPath: string, mePath: string, credentials: { phone: string; password: string }) {
  return (counters: Record<string, number>): autocannon.Request[] => {
    counters.loginOk = 0;
    counters.meOk = 0;
    return [
      {
        method: 'POST',
        path: loginPath,
        headers: JSON_HEADERS,
        body: JSON.stringify(credentials),
        onResponse: (status, body, context) => {
          if (status !== 200) return;
          counters.loginOk! += 1;
          context.token = (JSON.parse(body) as { token: string }).token;
        },
      },
      {
        method: 'GET',
        path: mePath,
        // No token (the login failed) still sends, and the 401 shows up in non2xx.
        setupRequest: (request, context) => ({ ...request, headers: { authorization: `Bearer ${String(context.token)}` } }),
        onResponse: (status) => {
          if (status === 200) counters.meOk! += 1;
        },
      },
    ];
  };
}
