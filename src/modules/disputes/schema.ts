import { Type } from 'typebox';
import { Body, Paragraphs, PageQuery, Query, Text } from '../../http/schemas.js';
import { DocumentedEnum } from '../../lib/documented-enum.js';
import { AccountCodeSchema, TransferCodeSchema } from '../ledger/index.js';

const DISPUTE_EVENT_TYPES = [
  'opened',
  'message',
  'refused',
  'accepted',
  'escalated',
  'escalated_automatically',
  'withdrawn',
  'closed',
  'ruled',
  'ruling_overdue',
  'party_added',
  'provider_accepted',
  'provider_refused',
];

const Fen = (description: string) => Type.Integer({ minimum: 0, maximum: 100_000_000_00, description: `${description}, fen (¥0.01)` });
const Evidence = Type.Array(Type.String({ minLength: 1, maxLength: 300 }), { maxItems: 9, description: 'URLs of images you uploaded (POST /uploads)' });
export const Category = Type.Union([
  Type.Literal('not_received'),
  Type.Literal('not_as_described'),
  Type.Literal('quality'),
  Type.Literal('personal_injury'),
  Type.Literal('forced_sale'),
  Type.Literal('privacy'),
]);
const Status = Type.Union([Type.Literal('open'), Type.Literal('responded'), Type.Literal('arbitration'), Type.Literal('resolved'), Type.Literal('withdrawn'), Type.Literal('closed')]);

const Bilingual = Type.Object({ zh: Type.String(), en: Type.String() });
export const Rules = Type.Object({
  publishedAt: Type.String(),
  channel: Bilingual,
  categories: Type.Array(Category),
  operatorResponseHours: Type.Integer(),
  buyerEscalationDays: Type.Integer(),
  platformRulingDays: Type.Integer(),
  steps: Type.Array(Bilingual),
});

export const OpenBody = Body({
  orderId: Type.String({ minLength: 1, maxLength: 64 }),
  category: Category,
  claim: Body({
    refund: Fen('what to get back, at most what was paid'),
    compensation: Type.Optional(Fen('beyond the price only for personal_injury and forced_sale')),
  }),
  description: Paragraphs(4000),
  evidence: Type.Optional(Evidence),
  serviceProviderId: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'D7: an approved service provider answerable too (e.g. logistics for not_received)' })),
});

export const MessageBody = Body({ body: Paragraphs(4000), evidence: Type.Optional(Evidence) });

export const RespondBody = Body({
  accept: Type.Boolean(),
  reason: Type.Optional(Paragraphs(2000)),
  share: Type.Optional(Fen('a service provider accepting: what of the claim it bears (default: all of it)')),
});

export const RuleBody = Body({
  refund: Fen('refund to the buyer'),
  compensation: Fen('compensation to the buyer, from the operator'),
  providerCompensation: Type.Optional(Fen("compensation to the buyer charged to the named service provider (advanced by the platform, recorded as the provider's debt); default 0")),
  reason: Text({ minLength: 1, maxLength: 2000 }),
});

export const PartyBody = Body({ serviceProviderId: Type.String({ minLength: 1, maxLength: 64 }) });

export const ListQuery = Query({ status: Type.Optional(Status), overdue: Type.Optional(Type.Boolean()), ...PageQuery });

export const InboxQuery = Query({
  role: Type.Optional(Type.Union([Type.Literal('buyer'), Type.Literal('operator'), Type.Literal('provider')], { description: 'Only cases where I am this party; default: all of mine' })),
  status: Type.Optional(Status),
  ...PageQuery,
});

export const Dispute = Type.Object({
  id: Type.String(),
  orderId: Type.String(),
  buyerId: Type.String(),
  operatorId: Type.String(),
  status: Status,
  category: Category,
  paid: Type.Integer(),
  claim: Type.Object({ refund: Type.Integer(), compensation: Type.Integer() }),
  description: Type.String(),
  evidence: Type.Array(Type.String()),
  deadline: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  overdue: Type.Boolean(),
  serviceProvider: Type.Union([
    Type.Object({
      id: Type.String(),
      answer: Type.Union([Type.Literal('accepted'), Type.Literal('refused'), Type.Null()]),
      share: Type.Union([Type.Integer(), Type.Null()]),
      deadline: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    }),
    Type.Null(),
  ]),
  messages: Type.Array(Type.Object({ authorId: Type.String(), body: Type.String(), evidence: Type.Array(Type.String()), at: Type.String() })),
  timeline: Type.Array(
    Type.Object({
      // The steps the service appends (`append(…, type, …)`).
      type: DocumentedEnum(DISPUTE_EVENT_TYPES),
      actorId: Type.Union([Type.String(), Type.Null()]),
      at: Type.String(),
      // What the actor wrote with the step (a refusal's reason, a ruling's reason), so the other party reads it.
      body: Type.Union([Type.String(), Type.Null()]),
      evidence: Type.Array(Type.String()),
      detail: Type.Record(Type.String(), Type.Unknown()),
    }),
  ),
  ruling: Type.Union([
    Type.Object({
      by: Type.Union([Type.Literal('operator'), Type.Literal('platform')]),
      refund: Type.Integer(),
      compensation: Type.Integer(),
      providerCompensation: Type.Integer(),
      reason: Type.Union([Type.String(), Type.Null()]),
    }),
    Type.Null(),
  ]),
  createdAt: Type.String(),
  closedAt: Type.Union([Type.String(), Type.Null()]),
});

export const LedgerLine = Type.Object({
  transferId: Type.String(),
  kind: Type.Union([Type.Literal('single'), Type.Literal('pending'), Type.Literal('post'), Type.Literal('void')]),
  code: TransferCodeSchema,
  debitAccount: AccountCodeSchema,
  debitOwnerId: Type.Union([Type.String(), Type.Null()]),
  creditAccount: AccountCodeSchema,
  creditOwnerId: Type.Union([Type.String(), Type.Null()]),
  amount: Type.Integer(),
  status: Type.Union([Type.Literal('pending'), Type.Literal('posted'), Type.Literal('voided')]),
  at: Type.String({ format: 'date-time' }),
});
