import type { ColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface IdempotencyKeysTable {
  /** Who sent it: `user:<id>`, or `anonymous` (keys are random UUIDs) for unauthenticated calls. */
  scope: string;
  key: string;
  method: string;
  path: string;
  request_hash: string;
  /** `running` until the first response is stored, then `done`. */
  state: 'running' | 'done';
  status_code: number | null;
  /** The first response's body, sealed (it may hold personal data). */
  response_body: string | null;
  content_type: string | null;
  created_at: ColumnType<Date, Date | string | undefined, never>;
  /** A `running` key older than this is treated as abandoned (the process died). */
  locked_until: Timestamp;
}

export interface HttpTables {
  idempotency_keys: IdempotencyKeysTable;
}
