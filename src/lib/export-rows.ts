/**
 * The user's data export (PIPL art. 45) is assembled from every module's own rows;
 * each module picks the columns that are the user's (never secrets such as password,
 * PIN or token hashes) and this turns them into the API's camelCase.
 *
 * @example
 *   camelRows([{ created_at: d, buyer_id: 'u1' }]) // [{ createdAt: d, buyerId: 'u1' }]
 */
export type ExportRow = Record<string, unknown>;

const camel = (key: string) => key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

export function camelRow(row: object): ExportRow {
  return Object.fromEntries(Object.entries(row).map(([key, value]) => [camel(key), value]));
}

export function camelRows(rows: readonly object[]): ExportRow[] {
  return rows.map(camelRow);
}
