/** What each side sees of conversations and messages: the schema's own types (schema.ts). */
import type { Static } from 'typebox';
import type * as S from './schema.js';

export type MessageView = Static<typeof S.Message>;
export type CardView = Static<typeof S.Card>;
export type ConversationView = Static<typeof S.Conversation>;
export type ConversationListView = Static<typeof S.ConversationList>;
export type MessagePageView = Static<typeof S.MessagePage>;
export type QuickReplyView = Static<typeof S.QuickReply>;
export type ChatStatsView = Static<typeof S.ChatStats>;

export interface SendInput {
  kind: MessageView['kind'];
  text?: string | undefined;
  image?: string | undefined;
  productId?: string | undefined;
  orderId?: string | undefined;
}

export interface PageInput {
  limit: number;
  cursor?: string | undefined;
}
