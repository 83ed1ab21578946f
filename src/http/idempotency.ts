/**
 * `Idempotency-Key` (API.md "Conventions"), for every route with `config: { idempotent: true }`.
 *
 * The first request with a key claims it (an insert that only one request can win),
 * runs, and its response (status and body) is stored with the key. A repeat with
 * the same key and body gets that response again and does nothing else; the same
 * key with another body → 422 IDEMPOTENCY_KEY_REUSED; a repeat while the first is
 * still running → 409 IDEMPOTENCY_KEY_IN_PROGRESS. 5xx answers are not stored, so
 * the client may retry. Keys are scoped to the caller.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../db/index.js';
import type { Clock } from '../lib/clock.js';
import { coalesce } from '../lib/coalesce.js';
import { AppError, validationFailed } from './errors.js';
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
/** A claim older than this is taken as abandoned by a crashed process. */
const LOCK_MS = 60_000;
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
}

export function registerIdempotency(app: FastifyInstance, deps: IdempotencyDeps): void {
  const { db, clock } = deps;

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
    const now = clock.now();
    const claimed = await claimKey({
      scope,
      key,
      method: request.method,
      path: request.url.split('?')[0]!,
      request_hash: hash,
      state: 'running',
      locked_until: new Date(now.getTime() + LOCK_MS),
    });
    if (claimed) {
      request.idempotency = { scope, key };
      return;
    }
    const existing = await idempotencyRepo.find(db, scope, key);
    if (!existing) throw new AppError(409, 'IDEMPOTENCY_KEY_IN_PROGRESS', 'A request with this key is still being handled; retry shortly');
    if (existing.request_hash !== hash) {
      throw new AppError(422, 'IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used with a different request');
    }
    if (existing.state === 'done') return replay(reply, existing);
    if (existing.locked_until > now) {
      throw new AppError(409, 'IDEMPOTENCY_KEY_IN_PROGRESS', 'A request with this key is still being handled; retry shortly', { retryAfter: 1 });
    }
    // The first attempt died mid-way: take the key over, exactly one taker wins.
    if (await idempotencyRepo.takeOver(db, scope, key, existing.locked_until, new Date(now.getTime() + LOCK_MS))) {
      request.idempotency = { scope, key };
      return;
    }
    throw new AppError(409, 'IDEMPOTENCY_KEY_IN_PROGRESS', 'A request with this key is still being handled; retry shortly', { retryAfter: 1 });
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const claim = request.idempotency;
    if (!claim) return payload;
    request.idempotency = null;
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
  });

  // A request that died before answering must not hold its key for a minute.
  app.addHook('onResponse', async (request) => {
    const claim = request.idempotency;
    if (claim) await idempotencyRepo.release(db, claim.scope, claim.key);
  });
}
