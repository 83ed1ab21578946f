import { sql, type RawBuilder } from 'kysely';

/**
 * The UTC calendar day (`YYYY-MM-DD`) of a timestamptz column, for per-day
 * figures; the reports count days in UTC (API.md "Reports and register").
 */
export const utcDay = (column: string): RawBuilder<string> => sql<string>`to_char(${sql.ref(column)} at time zone 'UTC', 'YYYY-MM-DD')`;

/** A whole-period window on a timestamptz column: `start` inclusive, `end` exclusive. */
export interface Window {
  start: Date;
  end: Date;
}
