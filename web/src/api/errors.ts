/**
 * Turns an API failure into words for the reader: a translated message for every
 * code the app knows, else the server's own `detail`.
 */
import type { TFunction } from 'i18next';
import type { Messages } from '../app/locales/zh-CN';
import { formatFen } from '../lib/money';
import { ApiError, type FieldProblem } from './client';

type KnownCode = Exclude<keyof Messages['errors'], 'unknown' | 'RATE_LIMITED_SECONDS' | 'PIN_LOCKED_MINUTES' | 'INSUFFICIENT_FUNDS_AVAILABLE' | 'PROHIBITED_CONTENT_WORD'>;
type FieldName = keyof Messages['fields'];

const KNOWN_CODES = new Set<string>([
  'VALIDATION_FAILED',
  'PHONE_TAKEN',
  'BAD_CREDENTIALS',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'RATE_LIMITED',
  'PHONE_ALREADY_VERIFIED',
  'PHONE_NOT_VERIFIED',
  'INVALID_CODE',
  'CODE_EXPIRED',
  'BAD_CODE',
  'INVALID_ID_NUMBER',
  'UNDERAGE',
  'IDENTITY_TAKEN',
  'IDENTITY_ALREADY_VERIFIED',
  'IDENTITY_REQUIRED',
  'WEAK_PIN',
  'BAD_PIN',
  'PIN_LOCKED',
  'PIN_NOT_SET',
  'TOTP_ALREADY_ENABLED',
  'TOTP_NOT_ENROLLED',
  'INVALID_TOTP',
  'IDENTITY_MISMATCH',
  'INVALID_CREDIT_CODE',
  'ALREADY_REGISTERED',
  'CREDIT_CODE_TAKEN',
  'NOT_PENDING',
  'OPERATOR_NOT_APPROVED',
  'CLOSURE_TOO_SOON',
  'CLOSURE_ALREADY_ANNOUNCED',
  'NOT_FOUND',
  'UNSUPPORTED_MEDIA_TYPE',
  'PAYLOAD_TOO_LARGE',
  'NETWORK_ERROR',
  'INTERNAL',
  'INSUFFICIENT_FUNDS',
  'IDEMPOTENCY_KEY_REUSED',
  'IDEMPOTENCY_KEY_IN_PROGRESS',
  'PROVIDER_WEBHOOK_FAILED',
  'OUT_OF_STOCK',
  'OPERATOR_NOT_SELLING',
  'STEP_UP_REQUIRED',
  'ORDER_EXPIRED',
  'ORDER_NOT_PAYABLE',
  'ORDER_STATE_CONFLICT',
  'RETURN_NOT_ALLOWED',
  'REFUND_UNFUNDED',
  'PASSKEY_REGISTRATION_FAILED',
  'PASSKEY_ALREADY_REGISTERED',
  'PASSKEY_REJECTED',
  'NO_PASSKEY',
  // Not from the server: the browser ended the WebAuthn ceremony (features/account/passkeys.ts).
  'PASSKEY_CANCELLED',
  'PASSKEY_UNAVAILABLE',
  'PROHIBITED_CONTENT',
  'SELF_FOLLOW',
  'SEARCH_TYPE_UNAVAILABLE',
  'GROUP_FULL',
  'GROUP_EXPIRED',
  'GROUP_NOT_OPEN',
  'ALREADY_MEMBER',
  'NO_GROUP_OFFER',
  'GROUP_NOT_COMPLETE',
  'SELF_HELP',
  'ALREADY_HELPED',
  'BARGAIN_EXPIRED',
  'BARGAIN_AT_FLOOR',
  'BARGAIN_ORDERED',
  'BARGAIN_ALREADY_ACTIVE',
  'HELP_LIMIT_REACHED',
] satisfies KnownCode[]);

/** Codes of the disputes module, whose words live in its own locale files (disputes-*.ts). */
type DisputeCode = keyof Messages['disputes']['errors'];
const DISPUTE_CODES = new Set<string>(['DISPUTE_ALREADY_OPEN', 'ORDER_NOT_DISPUTABLE', 'DISPUTE_STATE_CONFLICT', 'ESCALATION_WINDOW_CLOSED'] satisfies DisputeCode[]);

/** Codes of the reviews module (reviews-*.ts). */
type ReviewCode = keyof Messages['reviews']['errors'];
const REVIEW_CODES = new Set<string>([
  'NOT_RECEIVED',
  'ALREADY_REVIEWED',
  'REVIEW_WINDOW_CLOSED',
  'ALREADY_FOLLOWED_UP',
  'FOLLOW_UP_WINDOW_CLOSED',
  'ALREADY_REPLIED',
  'APPEAL_OPEN',
] satisfies ReviewCode[]);
/** Codes of 问大家 (questions-*.ts). */
type QuestionCode = keyof Messages['questions']['errors'];
const QUESTION_CODES = new Set<string>(['NOT_A_BUYER', 'ALREADY_ANSWERED', 'QUESTION_LIMIT_REACHED', 'ALREADY_HIDDEN'] satisfies QuestionCode[]);
/** Codes of after-sales (售后), whose words live in its own locale files (aftersales-*.ts). */
type AfterSaleCode = keyof Messages['afterSales']['errors'];
const AFTER_SALE_CODES = new Set<string>([
  'AFTER_SALE_ALREADY_OPEN',
  'DISPUTE_OPEN',
  'AMOUNT_OVER_REFUNDABLE',
  'NOTHING_REFUNDABLE',
  'RETURN_FEE_NOT_ALLOWED',
  'AFTER_SALE_STATE_CONFLICT',
  'ESCALATION_NOT_YET',
  'ORDER_NOT_ELIGIBLE',
  'AFTER_SALE_NOT_RECEIVED',
  'NO_REASON_NOT_ALLOWED',
  'FAULT_PERIOD_CLOSED',
  'AFTER_SALE_REASON_NOT_ALLOWED',
] satisfies AfterSaleCode[]);
/** Codes of parcel tracking (the ship form, the admin's API keys), worded in the tracking locale files (tracking-*.ts). */
type TrackingCode = keyof Messages['tracking']['errors'];
const TRACKING_CODES = new Set<string>(['UNKNOWN_CARRIER', 'TRACKING_NUMBER_IN_USE', 'NOT_A_LOGISTICS_PROVIDER', 'NOT_SHIPPED'] satisfies TrackingCode[]);

/** Field names that have a label; numbered list members (`skuN`…) are labelled separately. */
type PlainFieldName = Exclude<FieldName, 'skuN' | 'addOnN' | 'imageN' | 'itemN'>;
const FIELD_NAMES = new Set<string>([
  'phone', 'password', 'displayName', 'realName', 'idNumber', 'pin', 'currentPin', 'code',
  'kind', 'shopName', 'contact', 'email', 'address', 'region', 'line', 'enterprise', 'individual',
  'companyName', 'creditCode', 'legalRepresentative', 'service', 'reason', 'effectiveAt',
  'title', 'description', 'category', 'images', 'skus', 'addOns', 'name', 'price', 'stock',
  'groupPrice', 'groupSize', 'bargainFloor', 'maxHelpers', 'file', 'amount',
  'recipient', 'addressId', 'carrier', 'trackingNumber', 'totp', 'skuId', 'quantity',
] satisfies PlainFieldName[]);

const LIST_LABELS = { skus: 'fields.skuN', addOns: 'fields.addOnN', images: 'fields.imageN', items: 'fields.itemN', addOnIds: 'fields.addOnN' } as const;

/**
 * A problem's JSON-pointer path in the reader's words:
 * `/body/skus/0/groupPrice` → "规格 1 · 拼团价", `/body/enterprise/creditCode` → "统一社会信用代码".
 */
export function fieldLabel(t: TFunction, path: string): string {
  const segments = path.split('/').filter((segment) => segment && segment !== 'body' && segment !== 'querystring');
  const parts: string[] = [];
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    const next = segments[i + 1];
    if (segment in LIST_LABELS && next !== undefined && /^\d+$/.test(next)) {
      parts.push(t(LIST_LABELS[segment as keyof typeof LIST_LABELS], { n: Number(next) + 1 }));
      i++;
    } else if (i === segments.length - 1) {
      parts.push(FIELD_NAMES.has(segment) ? t(`fields.${segment as PlainFieldName}`) : segment);
    }
  }
  return parts.join(' · ') || path;
}

/**
 * `/body/skus/0/price` → `skus.0.price`: the key a form uses for the input a server
 * problem is about, so the message can sit under that input.
 */
export function problemKey(path: string): string {
  return path
    .split('/')
    .filter((segment) => segment && segment !== 'body')
    .join('.');
}

function isKnownCode(code: string): code is KnownCode {
  return KNOWN_CODES.has(code);
}

/** The one message to show for a failure. */
export function errorMessage(t: TFunction, error: unknown): string {
  if (!(error instanceof ApiError)) return t('errors.unknown', { code: error instanceof Error ? error.name : 'ERROR' });
  const { code } = error;
  if (code === 'BAD_PIN') {
    const tries = error.problem.remainingTries;
    return typeof tries === 'number' ? t('errors.BAD_PIN', { tries }) : error.detail || t('errors.unknown', { code });
  }
  if (code === 'PIN_LOCKED' && error.retryAfter !== undefined) {
    return t('errors.PIN_LOCKED_MINUTES', { minutes: Math.max(1, Math.ceil(error.retryAfter / 60)) });
  }
  if (code === 'INSUFFICIENT_FUNDS') {
    const available = error.problem.available;
    return typeof available === 'number' && Number.isSafeInteger(available)
      ? t('errors.INSUFFICIENT_FUNDS_AVAILABLE', { available: formatFen(available) })
      : t('errors.INSUFFICIENT_FUNDS');
  }
  if (code === 'RATE_LIMITED' && error.retryAfter !== undefined) {
    return t('errors.RATE_LIMITED_SECONDS', { seconds: error.retryAfter });
  }
  if (code === 'PROHIBITED_CONTENT' && typeof error.problem.word === 'string') {
    return t('errors.PROHIBITED_CONTENT_WORD', { word: error.problem.word });
  }
  if (isKnownCode(code)) return t(`errors.${code}`);
  if (DISPUTE_CODES.has(code)) return t(`disputes.errors.${code as DisputeCode}`);
  if (REVIEW_CODES.has(code)) return t(`reviews.errors.${code as ReviewCode}`);
  if (QUESTION_CODES.has(code)) return t(`questions.errors.${code as QuestionCode}`);
  if (AFTER_SALE_CODES.has(code)) return t(`afterSales.errors.${code as AfterSaleCode}`);
  if (TRACKING_CODES.has(code)) return t(`tracking.errors.${code as TrackingCode}`);
  return error.detail || t('errors.unknown', { code });
}

/** Field problems of a VALIDATION_FAILED answer, labelled in the reader's language where the field is known. */
export function fieldProblems(t: TFunction, error: unknown): { field: string; message: string }[] {
  if (!(error instanceof ApiError)) return [];
  return error.errors.map((problem: FieldProblem) => ({ field: fieldLabel(t, problem.path), message: problem.message }));
}
