/**
 * What an operator sees of a buyer's shipping address (D3; PIPL arts. 6 and 19;
 * DESIGN.md "Data and money").
 *
 * In full only while the order needs shipping or delivery: `paid` (the operator must
 * pack and address the parcel) and `shipped` (the carrier may need the recipient's
 * phone, the parcel may come back undelivered). Once the buyer has the goods
 * (`received`, `returning`: the buyer sends returns back to the shop, the shop sends
 * nothing), or the order is closed (`completed`, `cancelled`, `refunded`), the purpose
 * the data was handed over for is spent, and PIPL art. 6 (no more than the purpose
 * needs) and art. 19 (kept no longer than it needs) leave the operator a masked form
 * only: enough to recognise an order in its records, not to reach the person. Before
 * payment (`pending_payment`) the operator has no need yet, so masked as well.
 */
import { maskPhone } from '../../lib/phone.js';
import type { OrderStatus } from './tables.js';

export interface ShippingAddress {
  recipient: string;
  phone: string;
  region: string;
  line: string;
}

/** The statuses in which the operator reads the address in full (each read logged). */
export const ADDRESS_OPEN_STATUSES: ReadonlySet<OrderStatus> = new Set<OrderStatus>(['paid', 'shipped']);

/** `张*`, `欧阳**`: the family name (or first character) and one mask per other character. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return '*';
  const shown = chars.length >= 4 ? 2 : 1;
  return chars.slice(0, shown).join('') + '*'.repeat(chars.length - shown);
}

/**
 * The region down to the city: `浙江省 杭州市 西湖区` → `浙江省 杭州市`; a municipality
 * (`北京市 朝阳区`) → `北京市`. Regions are written space-separated, largest first.
 */
export function cityLevel(region: string): string {
  const parts = region.trim().split(/\s+/);
  const province = parts[0] ?? '';
  const hasCity = /(省|自治区)$/.test(province) && parts.length > 1;
  return (hasCity ? parts.slice(0, 2) : parts.slice(0, 1)).join(' ');
}

/** What the operator keeps seeing of a closed order's address: no street, no full phone or name. */
export function maskAddress(address: ShippingAddress): ShippingAddress {
  return { recipient: maskName(address.recipient), phone: maskPhone(address.phone), region: cityLevel(address.region), line: '' };
}
