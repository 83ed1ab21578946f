import type { ColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface IdempotencyKeysTable {
  /** Who sent it: the user id, or `anon:<ip>` for unauthenticated calls. */
  scope: string;
  key: string;
  method: string;
  path: string;
  request_hash: string;
  /** `running` until the first response is stored, then `done`. */
  state: 'running' | 'done';
  status_code: number | null;
  response_body: string | null;
  content_type: string | null;
  created_at: ColumnType<Date, Date | string | undefined, never>;
  /** A `running` key older than this is treated as abandoned (the process died). */
  locked_until: Timestamp;
}

export interface HttpTables {
  idempotency_keys: IdempotencyKeysTable;
}
