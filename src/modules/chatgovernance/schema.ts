/** The chat governance API's shapes (API.md "Conversations": reports, dispute evidence). */
import { Type } from 'typebox';
import { Body, PageQuery, Paragraphs, Query } from '../../http/schemas.js';

const DateTime = Type.String({ format: 'date-time' });
const NullableDateTime = Type.Union([DateTime, Type.Null()]);
const NullableString = Type.Union([Type.String(), Type.Null()]);

export const ReportReason = Type.Union([Type.Literal('harassment'), Type.Literal('fraud'), Type.Literal('spam'), Type.Literal('other')], {
  description: 'harassment; fraud (e.g. asked to pay or talk off the platform); spam; other (say what in the note)',
});
export const ReportStatus = Type.Union([Type.Literal('open'), Type.Literal('resolved')]);
export const ReportOutcome = Type.Union([Type.Literal('dismissed'), Type.Literal('warned'), Type.Literal('removed')], {
  description: 'dismissed: nothing wrong; warned: the sender was warned; removed: the message is removed for both sides (shown as 「该消息已被平台删除」)',
});
const Side = Type.Union([Type.Literal('buyer'), Type.Literal('shop')]);

export const ReportBody = Body({ reason: ReportReason, note: Type.Optional(Paragraphs(500)) });
export const ResolveBody = Body({ outcome: ReportOutcome, note: Paragraphs(500) });
export const AdminListQuery = Query({ status: Type.Optional(ReportStatus), ...PageQuery });

/** The report as its reporter sees it. */
export const Report = Type.Object({
  id: Type.String(),
  messageId: Type.String(),
  conversationId: Type.String(),
  reason: ReportReason,
  note: NullableString,
  status: ReportStatus,
  outcome: Type.Union([ReportOutcome, Type.Null()]),
  createdAt: DateTime,
  resolvedAt: NullableDateTime,
});
export const ReportResponse = Type.Object({ report: Report });

/** A person of the conversation as an admin sees them: a display name, never a phone or an address. */
const Party = Type.Object({
  buyer: Type.Object({ id: Type.String(), displayName: Type.String() }),
  shop: Type.Object({ id: Type.String(), shopName: Type.String() }),
});

/** The queue's row: who reported what and why; the message itself only on the detail page (a logged read). */
export const AdminReport = Type.Object({
  ...Report.properties,
  reporter: Side,
  resolutionNote: NullableString,
  ...Party.properties,
});

/** A message as evidence. `text` is the original (admins) or the masked text (the parties). */
export const EvidenceMessage = Type.Object({
  id: Type.String(),
  seq: Type.Integer({ minimum: 1 }),
  from: Side,
  kind: Type.Union([Type.Literal('text'), Type.Literal('image'), Type.Literal('product'), Type.Literal('order')]),
  text: Type.Union([Type.String(), Type.Null()], { description: 'null for cards and images, and for a removed message' }),
  masked: Type.Boolean({ description: 'the text differs from what was sent (contact data hidden); admins always read the original' }),
  image: NullableString,
  productId: NullableString,
  orderId: NullableString,
  removed: Type.Boolean({ description: 'removed by the platform after a report: shown as 「该消息已被平台删除」' }),
  createdAt: DateTime,
});

export const AdminReportDetail = Type.Object({
  report: AdminReport,
  messages: Type.Array(EvidenceMessage, { maxItems: 21, description: 'the reported message with up to 10 messages either side, oldest first; originals (this read is logged as a personal-data read of both parties)' }),
});
export const AdminReportResponse = Type.Object({ report: AdminReport });

export const EvidenceQuery = Query({ ...PageQuery });
/** The chat attached to a dispute: messages up to the opening, and those sent while it is open. */
export const DisputeChat = Type.Object({
  attached: Type.Boolean({ description: 'false when buyer and shop never talked before or during the case' }),
  conversationId: NullableString,
  ...Party.properties,
  upToSeq: Type.Union([Type.Integer(), Type.Null()], { description: 'the last message before the case was opened' }),
  untilAt: NullableDateTime,
  items: Type.Array(EvidenceMessage, { maxItems: 100, description: 'oldest first' }),
  nextCursor: NullableString,
});
