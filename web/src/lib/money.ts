/**
 * The one place money is formatted and read. Amounts are integer fen everywhere
 * (DESIGN.md "Data and money"); only display and input deal in yuan, and both go
 * through strings so no float rounding ever touches an amount.
 *
 * @example formatFen(12900) // "¥129.00"
 * @example parseYuan('129.5') // 12950
 */
const yuan = new Intl.NumberFormat('zh-CN', { style: 'currency', currency: 'CNY' });

/** "129.00" from 12900: the decimal yuan string, without a currency sign. */
export function fenToYuan(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`money must be a whole number of fen, got ${fen}`);
  const sign = fen < 0 ? '-' : '';
  const digits = String(Math.abs(fen)).padStart(3, '0');
  return `${sign}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

export function formatFen(fen: number): string {
  return yuan.format(fenToYuan(fen) as Intl.StringNumericLiteral);
}

/** "¥99.00" or "¥99.00 – ¥129.00" for the lowest and highest of some prices. */
export function formatFenRange(prices: readonly number[]): string {
  if (prices.length === 0) return '';
  const low = Math.min(...prices);
  const high = Math.max(...prices);
  return low === high ? formatFen(low) : `${formatFen(low)} – ${formatFen(high)}`;
}

/** The most a typed amount may be: ¥100,000,000.00, the API's ceiling. */
const MAX_FEN = 100_000_000_00;

/**
 * Yuan as a person types them ("129", "129.5", "¥1,299.00") → integer fen, or
 * `null` when it is not an amount: negative, more than 2 decimals, not a number,
 * or above the ceiling. The digits are read as text, never multiplied as a float.
 *
 * @example parseYuan('129.5') // 12950
 * @example parseYuan('0.1')   // 10
 * @example parseYuan('1.005') // null
 * @example parseYuan('-3')    // null
 */
export function parseYuan(input: string): number | null {
  const text = input.trim().replace(/^[¥￥]\s*/, '');
  // Thousands separators only in their proper places: 1,299.00 but not 12,99.
  const match = /^(\d{1,3}(?:,\d{3})+|\d+)?(?:\.(\d{1,2}))?$/.exec(text);
  if (!match || (match[1] === undefined && match[2] === undefined)) return null;
  const whole = (match[1] ?? '0').replaceAll(',', '').replace(/^0+(?=\d)/, '');
  if (whole.length > 9) return null;
  const fen = Number(whole) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return Number.isSafeInteger(fen) && fen <= MAX_FEN ? fen : null;
}

/**
 * A ledger amount with its direction: "+¥500.00" in, "−¥120.50" out (a true minus
 * sign), "¥0.00" for nothing.
 */
export function formatSignedFen(fen: number): string {
  if (fen === 0) return formatFen(0);
  return `${fen > 0 ? '+' : '−'}${formatFen(Math.abs(fen))}`;
}
