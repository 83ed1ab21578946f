/**
 * The shop side of conversations (issue 18 item 3, API.md "Conversations"): the shop's
 * inbox and its stream, a conversation's messages, read receipts, typing and the stream,
 * and the shop's quick replies. Owner and staff call the same routes; types are views of
 * the server's OpenAPI document.
 */
import { at, call, client, idempotent, type BodyOf, type ResponseOf } from '../../../api/client';

export type InboxPage = ResponseOf<'/operators/{id}/conversations'>;
export type InboxItem = InboxPage['items'][number];
export type MessagePage = ResponseOf<'/conversations/{id}/messages'>;
export type Message = MessagePage['items'][number];
export type MessageInput = BodyOf<'/conversations/{id}/messages'>;
export type QuickReply = ResponseOf<'/operators/{id}/quick-replies'>['items'][number];

export const INBOX_KEY = 'shop-inbox';
export const MESSAGES_KEY = 'shop-conversation';
export const QUICK_REPLIES_KEY = 'shop-quick-replies';
/** The server's cap on a shop's quick replies. */
export const MAX_QUICK_REPLIES = 50;
export const QUICK_REPLY_MAX_LENGTH = 500;
export const MESSAGE_MAX_LENGTH = 2000;

const byId = (id: string) => at({ id });
const page = (cursor: string | undefined) => (cursor ? { cursor } : {});

export const inboxApi = {
  inbox: (operatorId: string, cursor?: string) => call(client.GET('/operators/{id}/conversations', { params: { path: { id: operatorId }, query: page(cursor) } })),
  messages: (conversationId: string, cursor?: string) => call(client.GET('/conversations/{id}/messages', { params: { path: { id: conversationId }, query: page(cursor) } })),
  send: (conversationId: string, input: MessageInput, key: string) => call(client.POST('/conversations/{id}/messages', { ...byId(conversationId), body: input, ...idempotent(key) })),
  read: (conversationId: string) => call(client.POST('/conversations/{id}/read', { ...byId(conversationId), body: {} })),
  typing: (conversationId: string) => call(client.POST('/conversations/{id}/typing', byId(conversationId))),
  quickReplies: (operatorId: string) => call(client.GET('/operators/{id}/quick-replies', byId(operatorId))),
  addQuickReply: (operatorId: string, text: string, key: string) => call(client.POST('/operators/{id}/quick-replies', { ...byId(operatorId), body: { text }, ...idempotent(key) })),
  deleteQuickReply: (operatorId: string, replyId: string, key: string) => call(client.DELETE('/operators/{id}/quick-replies/{replyId}', { ...at({ id: operatorId, replyId }), ...idempotent(key) })),
};

export const inboxStreamPath = (operatorId: string) => `/operators/${encodeURIComponent(operatorId)}/conversations/events`;
export const conversationStreamPath = (conversationId: string) => `/conversations/${encodeURIComponent(conversationId)}/events`;
