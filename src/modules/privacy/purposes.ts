/**
 * Why someone read another person's data (PIPL art. 6, 45): the subject's access log tells
 * them in words, so a read is logged as a reason code with its parameters, never as free
 * text the web would have to show as is. The stored `purpose` column keeps the same
 * sentence it always had (`ship order <id>`), written and read only here, so rows logged
 * before the codes existed read back as the same reasons.
 *
 * @example
 *   privacy.readAs(tx, { …, reason: { code: 'ship_order', orderId } });
 *   reasonOf('ship order 0193…') // { code: 'ship_order', orderId: '0193…' }
 */
import { Type } from 'typebox';
import { DocumentedEnum } from '../../lib/documented-enum.js';

export const ACCESS_REASONS = ['ship_order', 'masked_order_view', 'operator_review', 'provider_review', 'after_sale_return', 'chat_report', 'chat_dispute', 'staff_request'] as const;
export type AccessReasonCode = (typeof ACCESS_REASONS)[number];

export type AccessReason =
  | { code: 'ship_order'; orderId: string }
  /** The operator saw the masked address of an order no longer to be shipped (D3). */
  | { code: 'masked_order_view'; orderId: string; orderStatus: string }
  | { code: 'operator_review'; registrationId: string }
  | { code: 'provider_review'; registrationId: string }
  /** A buyer was shown an individual shop's return address for an approved return (issue 17). */
  | { code: 'after_sale_return'; requestId: string }
  /** An admin read a reported chat message and the messages around it, unmasked (issue 18). */
  | { code: 'chat_report'; reportId: string }
  /** An admin read the chat attached to a dispute as evidence, unmasked (issue 18). */
  | { code: 'chat_dispute'; disputeId: string }
  /** Platform staff stated the purpose in their own words (GET /admin/users/:id/personal-data). */
  | { code: 'staff_request'; note: string };

/** The sentence stored in personal_data_access_log.purpose. */
export function purposeText(reason: AccessReason): string {
  switch (reason.code) {
    case 'ship_order':
      return `ship order ${reason.orderId}`;
    case 'masked_order_view':
      return `masked view of ${reason.orderStatus} order ${reason.orderId}`;
    case 'operator_review':
      return `operator review ${reason.registrationId}`;
    case 'provider_review':
      return `service provider review ${reason.registrationId}`;
    case 'after_sale_return':
      return `after-sales return ${reason.requestId}`;
    case 'chat_report':
      return `chat report ${reason.reportId}`;
    case 'chat_dispute':
      return `chat evidence of dispute ${reason.disputeId}`;
    case 'staff_request':
      return reason.note;
  }
}

const PATTERNS: readonly [RegExp, (m: RegExpExecArray) => AccessReason][] = [
  [/^ship order (\S+)$/, (m) => ({ code: 'ship_order', orderId: m[1]! })],
  [/^masked view of (\w+) order (\S+)$/, (m) => ({ code: 'masked_order_view', orderStatus: m[1]!, orderId: m[2]! })],
  [/^operator review (\S+)$/, (m) => ({ code: 'operator_review', registrationId: m[1]! })],
  [/^service provider review (\S+)$/, (m) => ({ code: 'provider_review', registrationId: m[1]! })],
  [/^after-sales return (\S+)$/, (m) => ({ code: 'after_sale_return', requestId: m[1]! })],
  [/^chat report (\S+)$/, (m) => ({ code: 'chat_report', reportId: m[1]! })],
  [/^chat evidence of dispute (\S+)$/, (m) => ({ code: 'chat_dispute', disputeId: m[1]! })],
];

/** The reason a stored purpose sentence names; anything else was a member of staff's own words. */
export function reasonOf(purpose: string): AccessReason {
  for (const [pattern, read] of PATTERNS) {
    const match = pattern.exec(purpose);
    if (match) return read(match);
  }
  return { code: 'staff_request', note: purpose };
}

/** The API's shape of a reason: the code, and the parameters that code has. */
export const AccessReasonSchema = Type.Object(
  {
    code: DocumentedEnum(ACCESS_REASONS),
    orderId: Type.Optional(Type.String({ description: 'ship_order, masked_order_view: the order (the subject’s own)' })),
    orderStatus: Type.Optional(Type.String({ description: 'masked_order_view: the order’s status at the time' })),
    registrationId: Type.Optional(Type.String({ description: 'operator_review, provider_review: the registration reviewed' })),
    requestId: Type.Optional(Type.String({ description: 'after_sale_return: the after-sales request whose return address was shown' })),
    reportId: Type.Optional(Type.String({ description: 'chat_report: the report of a chat message whose conversation was read' })),
    disputeId: Type.Optional(Type.String({ description: 'chat_dispute: the dispute whose attached chat was read' })),
    note: Type.Optional(Type.String({ description: 'staff_request: the purpose the member of staff stated' })),
  },
  { description: 'Why the data was read, as a code with its parameters (the web words it)' },
);
