/**
 * The one place money is formatted. Amounts are integer fen everywhere (DESIGN.md
 * "Data and money"); only display turns them into yuan.
 *
 * @example formatFen(12900) // "¥129.00"
 */
const yuan = new Intl.NumberFormat('zh-CN', { style: 'currency', currency: 'CNY' });

export function formatFen(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`money must be a whole number of fen, got ${fen}`);
  // Build the decimal string by hand so no float rounding ever touches the amount.
  const sign = fen < 0 ? '-' : '';
  const digits = String(Math.abs(fen)).padStart(3, '0');
  const decimal = `${sign}${digits.slice(0, -2)}.${digits.slice(-2)}`;
  return yuan.format(decimal as Intl.StringNumericLiteral);
}
