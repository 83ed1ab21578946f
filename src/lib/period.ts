/**
 * A period of whole UTC days, as the reports and the audit log take it (API.md
 * "Reports and register": `from`/`to` are `YYYY-MM-DD`, UTC, both inclusive).
 *
 * @example
 *   const p = period('2026-03-01', '2026-03-31', { maxDays: 366 });
 *   p.start; // 2026-03-01T00:00:00Z
 *   p.end;   // 2026-04-01T00:00:00Z (exclusive)
 */
import { validationFailed } from '../lib/errors.js';
import { DAY } from './clock.js';

export interface Period {
  start: Date;
  /** The instant after the last day: compare with `<`. */
  end: Date;
  /** Each day of the period, `YYYY-MM-DD`. */
  days: string[];
}

/** A calendar date `YYYY-MM-DD` in a query string (the format check admits 2026-02-30; `day` refuses it). */
export const DAY_PATTERN = '^[0-9]{4}-[0-9]{2}-[0-9]{2}$';

/**
 * The last instant a period may end at. The day after 9999-12-31 is year 10000, which PGlite
 * cannot read back from a parameter (a 500 the fuzz found); ending a
 * millisecond early loses nothing.
 */
const LAST_INSTANT = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
const dayAfter = (last: Date) => new Date(Math.min(last.getTime() + DAY, LAST_INSTANT));

function day(text: string, path: string): Date {
  const at = new Date(`${text}T00:00:00.000Z`);
  // Year 0000 is a JavaScript date but not a PostgreSQL one (1 BC precedes AD 1): it was a 500 (the fuzz).
  if (Number.isNaN(at.getTime()) || at.toISOString().slice(0, 10) !== text || at.getUTCFullYear() < 1) {
    throw validationFailed([{ path, message: 'must be a calendar date YYYY-MM-DD from 0001-01-01' }]);
  }
  return at;
}

/** `from`..`to` inclusive, both required, at most `maxDays` long. */
export function period(from: string, to: string, options: { maxDays: number }): Period {
  const start = day(from, '/querystring/from');
  const last = day(to, '/querystring/to');
  if (last < start) throw validationFailed([{ path: '/querystring/to', message: 'must not be before from' }]);
  const count = Math.round((last.getTime() - start.getTime()) / DAY) + 1;
  if (count > options.maxDays) throw validationFailed([{ path: '/querystring/to', message: `the period may span at most ${options.maxDays} days` }]);
  const days = Array.from({ length: count }, (_, i) => new Date(start.getTime() + i * DAY).toISOString().slice(0, 10));
  return { start, end: dayAfter(last), days };
}

/** Optional bounds (filters): each given day checked, `to` inclusive. */
export function bounds(from: string | undefined, to: string | undefined): { start?: Date; end?: Date } {
  const start = from === undefined ? undefined : day(from, '/querystring/from');
  const last = to === undefined ? undefined : day(to, '/querystring/to');
  if (start && last && last < start) throw validationFailed([{ path: '/querystring/to', message: 'must not be before from' }]);
  return { ...(start ? { start } : {}), ...(last ? { end: dayAfter(last) } : {}) };
}
