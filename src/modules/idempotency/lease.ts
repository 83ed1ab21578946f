/**
 * Who holds a claim of an Idempotency-Key, and whether it is still alive.
 *
 * Each server process has a lease: an id of its own, and on PostgreSQL a row in
 * `idempotency_owners` whose `heartbeat_at` it renews every `heartbeatMs` (migration
 * 0027). Each claim records its owner. A claim's owner is alive when it is this
 * process's own lease, or — on PostgreSQL — when its row was renewed within `staleMs`
 * by the database's clock. A process killed with SIGKILL stops renewing, so its claims
 * are dead `staleMs` after its last beat at the latest; one that closes cleanly removes
 * its row, so its claims are dead at once. How long a request runs does not matter:
 * the lease is the process's, renewed whatever its requests do.
 *
 * PGlite belongs to one process, so a claim whose owner is not a lease of this process
 * (a previous boot's) is dead at once, with no heartbeat at all.
 *
 * Rows and single statements only, so it works through a transaction-pooling pgbouncer
 * (a session-level advisory lock would not).
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../database.js';
import { idempotencyRepo } from './repo.js';

/** How often a process renews its lease. */
export const LEASE_HEARTBEAT_MS = 1_000;
/** A lease not renewed for this long belongs to a dead process: a few missed beats, so a busy pool or a GC pause is no death. */
export const LEASE_STALE_MS = 5_000;
/** Rows of processes silent this long are removed at start (they are dead either way). */
const FORGET_AFTER_MS = 60 * 60_000;

/** Leases of the apps alive in this process, for PGlite (tests run many apps in one process, some on one database). */
const leasesHere = new Set<string>();

export interface OwnerLease {
  /** This process's owner id, recorded with each claim it makes. */
  readonly id: string;
  /** Whether a claim's `owner`, silent for `idleMs` (null: no row), belongs to a live process. */
  isAlive(owner: string, idleMs: number | null): boolean;
  /** Before the first claim: the row exists and the heartbeat runs. */
  start(): Promise<void>;
  /** The heartbeat stops and the row goes: this process's claims are dead at once. */
  stop(): Promise<void>;
}

export interface OwnerLeaseOptions {
  /** PGlite: one process, so no row and no heartbeat. */
  singleProcess: boolean;
  heartbeatMs?: number;
  staleMs?: number;
  /** A failed renewal (the database unreachable); the next beat tries again. */
  onError?: (error: unknown) => void;
}

export function createOwnerLease(db: Kysely<DB>, options: OwnerLeaseOptions): OwnerLease {
  const id = randomUUID();
  const heartbeatMs = options.heartbeatMs ?? LEASE_HEARTBEAT_MS;
  const staleMs = options.staleMs ?? LEASE_STALE_MS;
  let timer: NodeJS.Timeout | undefined;
  let beating: Promise<void> | undefined;

  const beat = () => {
    // One renewal at a time: a slow one is not stacked on.
    if (beating) return;
    beating = idempotencyRepo
      .beat(db, id)
      .catch((error: unknown) => options.onError?.(error))
      .finally(() => (beating = undefined));
  };

  return {
    id,
    isAlive(owner, idleMs) {
      if (owner === id) return true;
      // PGlite: the leases of this process are all there are.
      if (options.singleProcess) return leasesHere.has(owner);
      // PostgreSQL: by the row, even for another app in this process (tests stand for processes with them).
      return idleMs !== null && idleMs < staleMs;
    },
    async start() {
      if (options.singleProcess) {
        leasesHere.add(id);
        return;
      }
      await idempotencyRepo.beat(db, id);
      await idempotencyRepo.forgetSilentOwners(db, FORGET_AFTER_MS);
      // Never keeps a process (or a test run) alive by itself.
      timer = setInterval(beat, heartbeatMs).unref();
    },
    async stop() {
      leasesHere.delete(id);
      if (timer) clearInterval(timer);
      timer = undefined;
      if (options.singleProcess) return;
      await beating;
      await idempotencyRepo.retire(db, id).catch((error: unknown) => options.onError?.(error));
    },
  };
}
