/** Conversations between a buyer and a shop (issue 18). */
import { notFound } from '../../lib/errors.js';
import type { ChatStatsView, ConversationListView, ConversationView, MessagePageView, MessageView, PageInput, QuickReplyView, SendInput } from './view.js';

export interface ConversationsService {
  open(userId: string, operatorId: string): Promise<ConversationView>;
  mine(userId: string, page: PageInput): Promise<ConversationListView>;
  inbox(userId: string, operatorId: string, page: PageInput): Promise<ConversationListView>;
  messages(userId: string, conversationId: string, page: PageInput): Promise<MessagePageView>;
  send(userId: string, conversationId: string, input: SendInput): Promise<MessageView>;
  read(userId: string, conversationId: string, upToSeq: number | undefined): Promise<void>;
  typing(userId: string, conversationId: string): Promise<void>;
  quickReplies(userId: string, operatorId: string): Promise<QuickReplyView[]>;
  addQuickReply(userId: string, operatorId: string, text: string): Promise<QuickReplyView>;
  removeQuickReply(userId: string, operatorId: string, replyId: string): Promise<void>;
  chatStats(operatorId: string): Promise<ChatStatsView>;
}

export function createConversationsService(): ConversationsService {
  const missing = () => Promise.reject(notFound('conversation'));
  return {
    open: missing,
    mine: () => Promise.resolve({ items: [], nextCursor: null, unreadTotal: 0 }),
    inbox: missing,
    messages: missing,
    send: missing,
    read: missing,
    typing: missing,
    quickReplies: () => Promise.reject(notFound('operator')),
    addQuickReply: () => Promise.reject(notFound('operator')),
    removeQuickReply: () => Promise.reject(notFound('operator')),
    chatStats: () => Promise.resolve({ firstResponseSeconds: null, sampleSize: 0 }),
  };
}
