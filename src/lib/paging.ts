/**
 * API.md "Lists": a full page may have more behind it, so its last row's key is the
 * cursor for the next; a short page is the last one.
 */
export function nextCursor<T>(rows: readonly T[], limit: number, key: (row: T) => string = (row) => (row as { id: string }).id): string | null {
  const last = rows.at(-1);
  return rows.length === limit && last !== undefined ? key(last) : null;
}
