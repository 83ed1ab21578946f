/**
 * Turns an API failure into words for the reader: a translated message for every
 * code the app knows, else the server's own `detail`.
 */
import type { TFunction } from 'i18next';
import { ApiError, type FieldProblem } from './api';
import type { Messages } from './locales/zh-CN';

type KnownCode = Exclude<keyof Messages['errors'], 'unknown' | 'RATE_LIMITED_SECONDS' | 'PIN_LOCKED_MINUTES'>;
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
  'NETWORK_ERROR',
  'INTERNAL',
] satisfies KnownCode[]);

const FIELD_NAMES = new Set<string>(['phone', 'password', 'displayName', 'realName', 'idNumber', 'pin', 'currentPin', 'code'] satisfies FieldName[]);

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
  if (code === 'RATE_LIMITED' && error.retryAfter !== undefined) {
    return t('errors.RATE_LIMITED_SECONDS', { seconds: error.retryAfter });
  }
  if (isKnownCode(code)) return t(`errors.${code}`);
  return error.detail || t('errors.unknown', { code });
}

/** Field problems of a VALIDATION_FAILED answer, labelled in the reader's language where the field is known. */
export function fieldProblems(t: TFunction, error: unknown): { field: string; message: string }[] {
  if (!(error instanceof ApiError)) return [];
  return error.errors.map((problem: FieldProblem) => {
    const name = problem.path.split('/').pop() ?? problem.path;
    return { field: FIELD_NAMES.has(name) ? t(`fields.${name as FieldName}`) : name, message: problem.message };
  });
}
