/**
 * Idempotency keys (API.md "Conventions"): the storage and the rules behind the
 * `Idempotency-Key` header, which src/modules/idempotency/service.ts reads for every route with
 * `config: { idempotent: true }`.
 *
 * The first request with a key claims it (an insert that only one request can win),
 * runs, and its response (status and body) is stored with the key. A repeat with
 * the same key and body gets that response again and does nothing else; the same
 * key with another body → 422 IDEMPOTENCY_KEY_REUSED. A repeat while the first is
 * still running waits for its answer and replays it, as Stripe does,
 * up to `waitMs`; only then → 409 IDEMPOTENCY_KEY_IN_PROGRESS. 5xx answers are not
 * stored, so the client may retry, and a repeat waiting for one runs itself. Keys are
 * scoped to the caller.
 *
 * A claim names the process that holds it (lease.ts): a repeat that finds
 * a claim of a dead process (killed mid-request) takes it over at once instead of
 * waiting out a lock.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB, Executor } from '../../database.js';
import type { Clock } from '../../lib/clock.js';
import { coalesce } from '../../lib/coalesce.js';
import { idempotencyErrors } from './errors.js';
import { createOwnerLease } from './lease.js';
import { idempotencyRepo, type AnswerRow } from './repo.js';

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

/** The request a key is claimed for: who sent it, and what (method, path without query, parsed body). */
export interface KeyedRequest {
  /** `user:<id>`, or `anonymous` (keys are random UUIDs) for unauthenticated calls. */
  scope: string;
  key: string;
  method: string;
  path: string;
  body: unknown;
}

/** A claimed key: the request runs, and its answer (or its end without one) settles the key. */
export interface HeldKey {
  scope: string;
  key: string;
}

/** A response as sent (body in clear) or as replayed. */
export interface IdempotentAnswer {
  statusCode: number;
  body: string | null;
  contentType: string | null;
}

function requestHash(request: KeyedRequest): string {
  return createHash('sha256').update(`${request.method} ${request.path}\n${canonical(request.body)}`).digest('base64url');
}

export interface IdempotencyDeps {
  db: Kysely<DB>;
  clock: Clock;
  /** Responses are stored sealed: they may carry personal data. */
  seal: (text: string) => string;
  open: (sealed: string) => string;
  /** PGlite: one process owns the database, so a claim not of this process is dead at once. */
  singleProcess: boolean;
  /** Tests shorten these; see IDEMPOTENCY_WAIT_MS and lease.ts. */
  waitMs?: number;
  heartbeatMs?: number;
  staleMs?: number;
  /** A failed renewal of this process's lease (the next beat tries again). */
  onLeaseError?: (error: unknown) => void;
}

export interface IdempotencyService {
  /** Before the first claim: this process's lease exists (and beats, on PostgreSQL). */
  start(): Promise<void>;
  /** At shutdown: the lease goes, so this process's claims are dead at once. */
  stop(): Promise<void>;
  /**
   * Claims `request.key` for this request (→ null: run it, then `answer` or `release`),
   * or returns the first request's stored answer to replay. Waits for a claim still
   * running, here or in another process.
   *
   * @throws AppError unprocessable IDEMPOTENCY_KEY_REUSED: the key came with another request.
   * @throws AppError conflict IDEMPOTENCY_KEY_IN_PROGRESS: the first is still running after `waitMs`.
   * @example
   *   const replay = await idempotency.claim({ scope: 'user:7', key, method: 'POST', path: '/api/v1/orders', body });
   *   if (replay) return send(replay);
   */
  claim(request: KeyedRequest): Promise<IdempotentAnswer | null>;
  /** A held key's answer: stored (sealed) for repeats; a 5xx is not stored, so the key is free again. */
  answer(held: HeldKey, answer: IdempotentAnswer): Promise<void>;
  /** A held key's request ended without an answer: the key is free for a retry. */
  release(held: HeldKey): Promise<void>;
}

export function createIdempotencyService(deps: IdempotencyDeps): IdempotencyService {
  const { db, clock } = deps;
  const waitMs = deps.waitMs ?? IDEMPOTENCY_WAIT_MS;
  const lease = createOwnerLease(db, {
    singleProcess: deps.singleProcess,
    ...(deps.heartbeatMs === undefined ? {} : { heartbeatMs: deps.heartbeatMs }),
    ...(deps.staleMs === undefined ? {} : { staleMs: deps.staleMs }),
    ...(deps.onLeaseError === undefined ? {} : { onError: deps.onLeaseError }),
  });

  // Claims this process holds, by `scope key`: a repeat here waits on them without polling.
  const running = new Map<string, Array<() => void>>();
  const hold = (scope: string, key: string) => {
    running.set(`${scope} ${key}`, []);
    return null;
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

  const stored = (row: { status_code: number | null; response_body: string | null; content_type: string | null }): IdempotentAnswer => ({
    statusCode: row.status_code ?? 200,
    body: row.response_body === null ? null : deps.open(row.response_body),
    contentType: row.content_type,
  });

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

  return {
    start: () => lease.start(),
    stop: () => lease.stop(),

    async claim(request) {
      const { scope, key } = request;
      const hash = requestHash(request);
      const claim = () =>
        claimKey({
          scope,
          key,
          method: request.method,
          path: request.path,
          request_hash: hash,
          state: 'running',
          locked_until: new Date(clock.now().getTime() + LOCK_MS),
          owner: lease.id,
        });
      if (await claim()) return hold(scope, key);

      // A repeat: replay the answer, or wait for it. No connection or
      // transaction is held while waiting: each look is one statement.
      const id = `${scope} ${key}`;
      const deadline = Date.now() + waitMs;
      let poll = FIRST_POLL_MS;
      for (;;) {
        const existing = await idempotencyRepo.findWithOwner(db, scope, key);
        if (!existing) {
          // The first request ended without an answer (a 5xx, or it failed): this one runs.
          if (await claim()) return hold(scope, key);
        } else {
          if (existing.request_hash !== hash) {
            throw idempotencyErrors.reused();
          }
          if (existing.state === 'done') return stored(existing);
          const alive = existing.owner === null ? existing.locked_until > clock.now() : lease.isAlive(existing.owner, existing.owner_idle_ms === null ? null : Number(existing.owner_idle_ms));
          // Its process died mid-way: take the key over at once; exactly one taker wins.
          if (!alive && (await idempotencyRepo.takeOver(db, scope, key, existing, lease.id, new Date(clock.now().getTime() + LOCK_MS)))) {
            return hold(scope, key);
          }
        }
        const left = deadline - Date.now();
        if (left <= 0) throw idempotencyErrors.inProgress();
        if (running.has(id)) {
          await pause(id, left);
        } else {
          await pause(id, Math.min(poll, left));
          poll = Math.min(poll * 2, MAX_POLL_MS);
        }
      }
    },

    async answer(held, answer) {
      try {
        if (answer.statusCode >= 500) {
          await idempotencyRepo.release(db, held.scope, held.key);
          return;
        }
        await storeAnswer({
          scope: held.scope,
          key: held.key,
          status_code: answer.statusCode,
          response_body: answer.body === null ? null : deps.seal(answer.body),
          content_type: answer.contentType,
        });
      } catch (error) {
        // The answer could not be kept: free the key (as for a 5xx) rather than leave a live process's claim that repeats would wait on.
        await idempotencyRepo.release(db, held.scope, held.key).catch(() => undefined);
        throw error;
      } finally {
        // Repeats waiting here read the row again: the answer, or a free key to run with.
        settle(held.scope, held.key);
      }
    },

    async release(held) {
      try {
        await idempotencyRepo.release(db, held.scope, held.key);
      } finally {
        settle(held.scope, held.key);
      }
    },
  };
}

/** Keys older than IDEMPOTENCY_RETENTION_MS go (an hourly job): a repeat after that runs afresh. */
export function purgeExpiredIdempotencyKeys(ex: Executor, now: Date): Promise<number> {
  return idempotencyRepo.deleteOlderThan(ex, new Date(now.getTime() - IDEMPOTENCY_RETENTION_MS));
}
