/**
 * `Idempotency-Key` (API.md "Conventions"), for every route with `config: { idempotent: true }`.
 *
 * The first request with a key claims it (an insert that only one request can win),
 * runs, and its response (status and body) is stored with the key. A repeat with
 * the same key and body gets that response again and does nothing else; the same
 * key with another body → 422 IDEMPOTENCY_KEY_REUSED. A repeat while the first is
 * still running waits for its answer and replays it, as Stripe does (issue 14 item 9),
 * up to `waitMs`; only then → 409 IDEMPOTENCY_KEY_IN_PROGRESS. 5xx answers are not
 * stored, so the client may retry, and a repeat waiting for one runs itself. Keys are
 * scoped to the caller.
 *
 * A claim names the process that holds it (idempotency-lease.ts): a repeat that finds
 * a claim of a dead process (killed mid-request) takes it over at once instead of
 * waiting out a lock.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../db/index.js';
import type { Clock } from '../lib/clock.js';
import { coalesce } from '../lib/coalesce.js';
import { AppError, validationFailed } from '../lib/errors.js';
import { createOwnerLease } from './idempotency-lease.js';
import { idempotencyRepo, type AnswerRow } from './idempotency-repo.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Honour the Idempotency-Key header on this route. */
    idempotent?: boolean;
  }
  interface FastifyRequest {
    idempotency: { scope: string; key: string } | null;
  }
}

export const IDEMPOTENCY_HEADER = 'idempotency-key';
const KEY_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;
/** A claim of no owner (made before migration 0027) older than this is taken as abandoned by a crashed process. */
const LOCK_MS = 60_000;
/** How long a repeat waits for the first request's answer before 409 IDEMPOTENCY_KEY_IN_PROGRESS. */
export const IDEMPOTENCY_WAIT_MS = 10_000;
/** A repeat waiting on another process's claim reads the row again after this, doubling… */
const FIRST_POLL_MS = 20;
/** …up to this: a short wait answers quickly, a long one costs four statements a second. */
const MAX_POLL_MS = 250;
/** How long a shared round of answers may wait for a row lock before its answers go alone. */
const ROUND_LOCK_WAIT = '200ms';
/** Keys are kept a day, like Stripe's; a repeat after that runs afresh. */
export const IDEMPOTENCY_RETENTION_MS = 24 * 60 * 60_000;

/** Same fields in any order are the same body. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** PostgreSQL's lock_not_available: a lock wait passed lock_timeout. */
function isLockTimeout(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === '55P03';
}

function requestHash(request: FastifyRequest): string {
  const path = request.url.split('?')[0];
  return createHash('sha256').update(`${request.method} ${path}\n${canonical(request.body)}`).digest('base64url');
}

export interface IdempotencyDeps {
  db: Kysely<DB>;
  clock: Clock;
  /** Responses are stored sealed: they may carry personal data. */
  seal: (text: string) => string;
  open: (sealed: string) => string;
  /** PGlite: one process owns the database, so a claim not of this process is dead at once. */
  singleProcess: boolean;
  /** Tests shorten these; see IDEMPOTENCY_WAIT_MS and idempotency-lease.ts. */
  waitMs?: number;
  heartbeatMs?: number;
  staleMs?: number;
}

const inProgress = () => new AppError('conflict', 'IDEMPOTENCY_KEY_IN_PROGRESS', 'A request with this key is still being handled; retry shortly', { retryAfter: 1 });

export function registerIdempotency(app: FastifyInstance, deps: IdempotencyDeps): void {
  const { db, clock } = deps;
  const waitMs = deps.waitMs ?? IDEMPOTENCY_WAIT_MS;
  const lease = createOwnerLease(db, {
    singleProcess: deps.singleProcess,
    ...(deps.heartbeatMs === undefined ? {} : { heartbeatMs: deps.heartbeatMs }),
    ...(deps.staleMs === undefined ? {} : { staleMs: deps.staleMs }),
    onError: (error) => app.log.warn({ err: error }, 'idempotency lease not renewed'),
  });
  // The lease exists before the first request and goes with the server.
  app.addHook('onReady', async () => {
    await lease.start();
  });
  app.addHook('onClose', async () => {
    await lease.stop();
  });

  // Claims this process holds, by `scope key`: a repeat here waits on them without polling.
  const running = new Map<string, Array<() => void>>();
  const hold = (request: FastifyRequest, scope: string, key: string) => {
    request.idempotency = { scope, key };
    running.set(`${scope} ${key}`, []);
  };
  const settle = (scope: string, key: string) => {
    const waiters = running.get(`${scope} ${key}`);
    running.delete(`${scope} ${key}`);
    for (const wake of waiters ?? []) wake();
  };
  /** Until the claim here settles, or `ms` pass; a claim elsewhere is polled. */
  const pause = (id: string, ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      running.get(id)?.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });

  const replay = (reply: FastifyReply, row: { status_code: number | null; response_body: string | null; content_type: string | null }) => {
    reply.header('idempotent-replayed', 'true');
    if (row.content_type) reply.header('content-type', row.content_type);
    return reply.status(row.status_code ?? 200).send(row.response_body === null ? undefined : deps.open(row.response_body));
  };

  app.decorateRequest('idempotency', null);

  // Every idempotent request claims its key and stores its answer: concurrent ones
  // do so in one statement each way (lib/coalesce.ts), one round trip for a rush.
  type Claim = Parameters<typeof idempotencyRepo.claimMany>[1][number];
  const claimKey = coalesce(async (rows: readonly Claim[]) => {
    const first = new Map<string, Claim>();
    for (const row of rows) if (!first.has(`${row.scope} ${row.key}`)) first.set(`${row.scope} ${row.key}`, row);
    const won = await idempotencyRepo.claimMany(db, [...first.values()]);
    // The same key twice at once: only the first of them may have won it.
    return rows.map((row) => won.has(`${row.scope} ${row.key}`) && first.get(`${row.scope} ${row.key}`) === row);
  });
  // A round waits for its slowest row, and a row can be held by another transaction (or,
  // in test/crash.test.ts, by a trigger): one stuck answer must never hold back the
  // unrelated answers that happened to share its statement. So a round waits at most
  // ROUND_LOCK_WAIT for a lock; if it gives up, nothing of it is stored and each of its
  // answers is stored alone, outside the rounds, where only a stuck one still waits.
  const storeInRound = coalesce(
    async (rows: readonly AnswerRow[]) => {
      try {
        await idempotencyRepo.completeMany(db, [...rows], ROUND_LOCK_WAIT);
        return rows.map(() => true);
      } catch (error) {
        if (isLockTimeout(error)) return rows.map(() => false);
        throw error;
      }
    },
    { maxInFlight: 4 },
  );
  const storeAnswer = async (row: AnswerRow) => {
    if (!(await storeInRound(row))) await idempotencyRepo.completeMany(db, [row]);
  };

  // After auth and validation: the key is scoped to the caller and a body that
  // fails validation never claims a key.
  app.addHook('preHandler', async (request, reply) => {
    if (!request.routeOptions.config.idempotent) return;
    const header = request.headers[IDEMPOTENCY_HEADER];
    if (header === undefined) return;
    const key = Array.isArray(header) ? header[0] : header;
    if (!key || !KEY_PATTERN.test(key)) {
      throw validationFailed([{ path: '/headers/idempotency-key', message: 'must be 8–64 letters, digits, - or _ (a UUID)' }]);
    }
    const scope = request.auth ? `user:${request.auth.userId}` : 'anonymous';
    const hash = requestHash(request);
    const claim = () =>
      claimKey({
        scope,
        key,
        method: request.method,
        path: request.url.split('?')[0]!,
        request_hash: hash,
        state: 'running',
        locked_until: new Date(clock.now().getTime() + LOCK_MS),
        owner: lease.id,
      });
    if (await claim()) return hold(request, scope, key);

    // A repeat: replay the answer, or wait for it (issue 14 item 9). No connection or
    // transaction is held while waiting: each look is one statement.
    const id = `${scope} ${key}`;
    const deadline = Date.now() + waitMs;
    let poll = FIRST_POLL_MS;
    for (;;) {
      const existing = await idempotencyRepo.findWithOwner(db, scope, key);
      if (!existing) {
        // The first request ended without an answer (a 5xx, or it failed): this one runs.
        if (await claim()) return hold(request, scope, key);
      } else {
        if (existing.request_hash !== hash) {
          throw new AppError('unprocessable', 'IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used with a different request');
        }
        if (existing.state === 'done') return replay(reply, existing);
        const alive = existing.owner === null ? existing.locked_until > clock.now() : lease.isAlive(existing.owner, existing.owner_idle_ms === null ? null : Number(existing.owner_idle_ms));
        // Its process died mid-way: take the key over at once; exactly one taker wins.
        if (!alive && (await idempotencyRepo.takeOver(db, scope, key, existing, lease.id, new Date(clock.now().getTime() + LOCK_MS)))) {
          return hold(request, scope, key);
        }
      }
      const left = deadline - Date.now();
      if (left <= 0) throw inProgress();
      if (running.has(id)) {
        await pause(id, left);
      } else {
        await pause(id, Math.min(poll, left));
        poll = Math.min(poll * 2, MAX_POLL_MS);
      }
    }
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const claim = request.idempotency;
    if (!claim) return payload;
    request.idempotency = null;
    try {
      if (reply.statusCode >= 500) {
        await idempotencyRepo.release(db, claim.scope, claim.key);
        return payload;
      }
      const text = typeof payload === 'string' ? payload : payload === null || payload === undefined ? null : String(payload);
      const body = text === null ? null : deps.seal(text);
      await storeAnswer({
        scope: claim.scope,
        key: claim.key,
        status_code: reply.statusCode,
        response_body: body,
        content_type: (reply.getHeader('content-type') as string | undefined) ?? null,
      });
      return payload;
    } catch (error) {
      // The answer could not be kept: free the key (as for a 5xx) rather than leave a live process's claim that repeats would wait on.
      await idempotencyRepo.release(db, claim.scope, claim.key).catch(() => undefined);
      throw error;
    } finally {
      // Repeats waiting here read the row again: the answer, or a free key to run with.
      settle(claim.scope, claim.key);
    }
  });

  // A request that died before answering must not hold its key for a minute.
  app.addHook('onResponse', async (request) => {
    const claim = request.idempotency;
    if (!claim) return;
    try {
      await idempotencyRepo.release(db, claim.scope, claim.key);
    } finally {
      settle(claim.scope, claim.key);
    }
  });
}
