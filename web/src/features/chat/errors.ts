/**
 * A chat failure in the reader's words (never a code): the chat's own cases — sending too fast,
 * the day's cap of new chats, prohibited words, a repeat report — and everything else through
 * the app's errorMessage.
 */
import type { TFunction } from 'i18next';
import { ApiError } from '../../api/client';
import { isOneOf } from '../../api/enums';
import { errorMessage } from '../../api/errors';

/** Codes with words of their own in chat.errors (the chat core's and the reports'). */
const CHAT_CODES = ['OWN_SHOP', 'CHAT_REPORT_ALREADY_OPEN', 'PRODUCT_NOT_OF_SHOP', 'ORDER_NOT_OF_CONVERSATION'] as const;

export function chatErrorMessage(t: TFunction, error: unknown): string {
  if (!(error instanceof ApiError)) return errorMessage(t, error);
  const { code, status } = error;
  if (code === 'CONVERSATION_LIMIT') return t('chat.errors.CONVERSATION_LIMIT');
  if (status === 429) return error.retryAfter !== undefined ? t('chat.errors.RATE_LIMITED', { seconds: error.retryAfter }) : t('chat.errors.RATE_LIMITED_SOON');
  if (code === 'PROHIBITED_CONTENT') {
    const word = error.problem.word;
    return typeof word === 'string' ? t('chat.errors.PROHIBITED_CONTENT_WORD', { word }) : t('chat.errors.PROHIBITED_CONTENT');
  }
  if (isOneOf(CHAT_CODES, code)) return t(`chat.errors.${code}`);
  if (status === 404) return t('chat.errors.NOT_FOUND');
  return errorMessage(t, error);
}
