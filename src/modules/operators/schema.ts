import { Type } from 'typebox';
import { Body, PageQuery, Query, Text } from '../../http/schemas.js';
import { REAL_NAME_PATTERN } from '../../lib/names.js';
import { PHONE_PATTERN } from '../../lib/phone.js';
import { DocumentedEnum } from '../../lib/documented-enum.js';

const Phone = Type.String({ maxLength: 11, pattern: PHONE_PATTERN });
export const Contact = Body({
  phone: Phone,
  email: Type.Optional(Type.String({ format: 'email', maxLength: 100 })),
});
export const AddressInput = Body({ region: Text({ minLength: 2, maxLength: 60 }), line: Text({ minLength: 2, maxLength: 200 }) });
const CreditCode = Type.String({ minLength: 1, maxLength: 18, description: 'Unified social credit code (GB 32100)' });

export const OperatorBody = Body({
  kind: Type.Union([Type.Literal('enterprise'), Type.Literal('individual')]),
  shopName: Text({ minLength: 2, maxLength: 40 }),
  contact: Contact,
  address: AddressInput,
  enterprise: Type.Optional(
    Body({
      companyName: Text({ minLength: 2, maxLength: 100 }),
      creditCode: CreditCode,
      legalRepresentative: Text({ minLength: 2, maxLength: 30 }),
    }),
  ),
  individual: Type.Optional(
    Type.Object(
      { realName: Type.String({ minLength: 2, maxLength: 30, pattern: REAL_NAME_PATTERN }), idNumber: Type.String({ minLength: 1, maxLength: 18 }) },
      { additionalProperties: false, description: "An individual's name and identity number; left out, the identity verified on the account is used (they must equal it anyway)" },
    ),
  ),
});

const SERVICE_KINDS = ['logistics', 'payment', 'marketing', 'other'] as const;
const ServiceKind = Type.Union([Type.Literal('logistics'), Type.Literal('payment'), Type.Literal('marketing'), Type.Literal('other')]);

export const ServiceProviderBody = Body({
  companyName: Text({ minLength: 2, maxLength: 100 }),
  creditCode: CreditCode,
  service: ServiceKind,
  contact: Contact,
  address: AddressInput,
});

export const Disclosure = Type.Object({
  kind: Type.Union([Type.Literal('enterprise'), Type.Literal('individual')]),
  companyName: Type.Optional(Type.String()),
  creditCode: Type.Optional(Type.String()),
  /** What the law makes public, in Chinese, as shown on the storefront. */
  notice: Type.String(),
  noticeEn: Type.String(),
});

const Closure = Type.Union([Type.Object({ announcedAt: Type.String({ format: 'date-time' }), effectiveAt: Type.String({ format: 'date-time' }) }), Type.Null()]);
const Status = Type.Union([Type.Literal('pending'), Type.Literal('approved'), Type.Literal('rejected')]);
const DateTime = Type.String({ format: 'date-time' });
const NullableDateTime = Type.Union([DateTime, Type.Null()]);

/** What the applicant and admins see of an operator. */
export const Operator = Type.Object({
  id: Type.String(),
  kind: Type.Union([Type.Literal('enterprise'), Type.Literal('individual')]),
  shopName: Type.String(),
  status: Status,
  rejectReason: Type.Union([Type.String(), Type.Null()]),
  createdAt: DateTime,
  reviewedAt: NullableDateTime,
  verifiedAt: NullableDateTime,
  reverificationDueAt: NullableDateTime,
  salesSuspended: Type.Boolean(),
  selling: Type.Boolean(),
  closure: Closure,
  disclosure: Disclosure,
});
export const OperatorResponse = Type.Object({ operator: Operator });

export const Storefront = Type.Object({
  id: Type.String(),
  shopName: Type.String(),
  kind: Type.Union([Type.Literal('enterprise'), Type.Literal('individual')]),
  status: Type.Union([Type.Literal('approved'), Type.Literal('closed')]),
  /** False while sales are suspended (R3) or after closure (R2). */
  selling: Type.Boolean(),
  disclosure: Disclosure,
  closure: Closure,
  /** The shop's detailed seller ratings over the last 180 days (reviews module); null without reviews. */
  scores: Type.Union([
    Type.Object({
      item: Type.Number({ description: 'mean item rating, one decimal' }),
      service: Type.Number({ description: 'mean service rating, one decimal' }),
      delivery: Type.Number({ description: 'mean delivery rating, one decimal' }),
      count: Type.Integer({ minimum: 1, description: 'reviews counted' }),
    }),
    Type.Null(),
  ]),
  /** How fast the shop answers chats (conversations module): the mean first response over 30 days. */
  chat: Type.Object({
    firstResponseSeconds: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()], { description: "mean seconds from a buyer's first unanswered message to the shop's reply, last 30 days; null without any" }),
    sampleSize: Type.Integer({ minimum: 0, description: 'answers counted' }),
  }),
});

export const ServiceProvider = Type.Object({
  id: Type.String(),
  companyName: Type.String(),
  creditCode: Type.String(),
  // As registered through ServiceProviderBody (the service's view still types it as a string).
  service: DocumentedEnum(SERVICE_KINDS),
  status: Status,
  rejectReason: Type.Union([Type.String(), Type.Null()]),
  createdAt: DateTime,
  reviewedAt: NullableDateTime,
});
export const ServiceProviderResponse = Type.Object({ serviceProvider: ServiceProvider });

export const Registrations = Type.Object({ operators: Type.Array(Operator), serviceProviders: Type.Array(ServiceProvider) });

export const RejectBody = Body({ reason: Text({ minLength: 2, maxLength: 500 }) });
export const ClosureBody = Body({ effectiveAt: Type.String({ maxLength: 40, format: 'date-time' }) });

export const ReviewQuery = Query({
  status: Type.Optional(Status),
  ...PageQuery,
});

const ContactView = Type.Object({ phone: Type.String(), email: Type.Union([Type.String(), Type.Null()]) });
const AddressView = Type.Object({ region: Type.String(), line: Type.String() });

/** An operator in the review queue, with what the reviewer needs to check (the read is logged). */
export const OperatorReview = Type.Object({
  operator: Operator,
  applicant: Type.Object({ userId: Type.String(), displayName: Type.String() }),
  contact: ContactView,
  address: AddressView,
  enterprise: Type.Union([Type.Object({ companyName: Type.String(), creditCode: Type.String(), legalRepresentative: Type.String() }), Type.Null()]),
  /** The identity number masked as 110105********002X. */
  individual: Type.Union([Type.Object({ realName: Type.String(), idNumberMasked: Type.String() }), Type.Null()]),
});

export const ServiceProviderReview = Type.Object({
  serviceProvider: ServiceProvider,
  applicant: Type.Object({ userId: Type.String(), displayName: Type.String() }),
  contact: ContactView,
  address: AddressView,
});

export const DepositRule = Type.Object({
  currency: Type.Literal('CNY'),
  categories: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), nameEn: Type.String(), deposit: Type.Integer() })),
  howRequiredIsSet: Type.String(),
  howRequiredIsSetEn: Type.String(),
  uses: Type.Array(Type.String()),
  usesEn: Type.Array(Type.String()),
  refund: Type.String(),
  refundEn: Type.String(),
  publishedAt: Type.String(),
});

export const DepositStatus = Type.Object({
  required: Type.Integer(),
  paid: Type.Integer(),
  balance: Type.Integer(),
  categories: Type.Array(Type.String()),
});
