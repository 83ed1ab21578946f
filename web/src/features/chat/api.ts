/**
 * The buyer's chat with a shop (API.md "Conversations", issue 18): the calls, their query keys
 * and hooks. Messages come in pages, newest first; the thread keeps them in order by `seq`,
 * the per-conversation sequence number the event stream uses as its event id (thread.ts).
 * Sending a message carries an Idempotency-Key, so a retry after a dropped answer never
 * sends it twice.
 *
 * @example
 *   const open = useOpenConversation(); open.mutate({ operatorId, offer: { product: id } });
 */
import { useInfiniteQuery, useMutation, useQuery, useQueryClient, type InfiniteData, type QueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { at, call, client, idempotent, type BodyOf, type ItemOf, type ResponseOf } from '../../api/client';
import { everyValue } from '../../api/enums';

export type Conversation = ResponseOf<'/operators/{id}/conversations', 'post'>['conversation'];
export type ConversationPage = ResponseOf<'/conversations'>;
export type ConversationItem = ItemOf<ConversationPage>;
export type MessagePage = ResponseOf<'/conversations/{id}/messages'>;
export type Message = ItemOf<MessagePage>;
export type MessageInput = BodyOf<'/conversations/{id}/messages'>;
export type Card = NonNullable<Message['card']>;
export type ProductCard = Extract<Card, { type: 'product' }>;
export type OrderCard = Extract<Card, { type: 'order' }>;
export type ReportInput = BodyOf<'/messages/{id}/reports'>;
export type ReportReason = ReportInput['reason'];

export const CHAT_REPORT_REASONS = everyValue<ReportReason>()(['harassment', 'fraud', 'spam', 'other']);

/** The product card statuses this build has words for (chat.card.productStatus). */
export const PRODUCT_STATUSES = ['on_sale', 'off_sale'] as const;

/** Most a text message may hold (API.md, issue 18 item 1). */
export const MAX_TEXT = 2000;
/** Messages per page of the thread. */
export const PAGE_SIZE = 30;

/** Everything under this key is chat: the list, each thread, the unread total. */
export const CHAT_KEY = 'chat';
export const messagesKey = (conversationId: string) => [CHAT_KEY, 'messages', conversationId] as const;

const byId = (id: string) => at({ id });

export const chatApi = {
  open: (operatorId: string) => call(client.POST('/operators/{id}/conversations', byId(operatorId))),
  list: (cursor?: string, limit?: number) => call(client.GET('/conversations', { params: { query: { cursor, limit } } })),
  messages: (conversationId: string, cursor?: string) =>
    call(client.GET('/conversations/{id}/messages', { params: { path: { id: conversationId }, query: cursor ? { cursor, limit: PAGE_SIZE } : { limit: PAGE_SIZE } } })),
  send: (conversationId: string, input: MessageInput, key: string) => call(client.POST('/conversations/{id}/messages', { ...byId(conversationId), body: input, ...idempotent(key) })),
  read: (conversationId: string, upToSeq: number) => call(client.POST('/conversations/{id}/read', { ...byId(conversationId), body: { upToSeq } })),
  typing: (conversationId: string) => call(client.POST('/conversations/{id}/typing', byId(conversationId))),
  report: (messageId: string, input: ReportInput, key: string) => call(client.POST('/messages/{id}/reports', { ...byId(messageId), body: input, ...idempotent(key) })),
};

/** The reader's conversations, newest activity first. */
export function useConversations() {
  return useInfiniteQuery({
    queryKey: [CHAT_KEY, 'list'],
    queryFn: ({ pageParam }) => chatApi.list(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** Pages of the list read to find one conversation (its shop's name) before giving up. */
const FIND_PAGES = 5;

/**
 * One conversation as the list has it (the shop's name and id): from the list already read when
 * the reader came from it, else looked up page by page (the API has no read of one by id).
 */
export function useConversation(conversationId: string) {
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: [CHAT_KEY, 'list', 'one', conversationId],
    queryFn: async (): Promise<ConversationItem | null> => {
      const cached = queryClient.getQueryData<InfiniteData<ConversationPage>>([CHAT_KEY, 'list'])?.pages.flatMap((page) => page.items);
      const known = cached?.find((item) => item.id === conversationId);
      if (known) return known;
      let cursor: string | undefined;
      for (let i = 0; i < FIND_PAGES; i++) {
        const page = await chatApi.list(cursor, 100);
        const found = page.items.find((item) => item.id === conversationId);
        if (found) return found;
        if (!page.nextCursor) break;
        cursor = page.nextCursor;
      }
      return null;
    },
  });
}

/** Older pages of a thread; page 0 is the newest. */
export function useMessagePages(conversationId: string) {
  return useInfiniteQuery({
    queryKey: messagesKey(conversationId),
    queryFn: ({ pageParam }) => chatApi.messages(conversationId, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    // The stream keeps the thread current; reading the pages again would only reorder them.
    staleTime: Infinity,
  });
}

/** The list and the unread counts changed (a message was read or sent). */
export function conversationsChanged(queryClient: QueryClient): Promise<void> {
  return queryClient.invalidateQueries({ queryKey: [CHAT_KEY, 'list'] });
}

/** What a 联系客服 button may offer to send once the conversation is open. */
export type Offer = { product: string } | { order: string };

/**
 * 联系客服: opens (or creates) the one conversation with the shop, then goes to it; the
 * product or order the reader came from rides along in the address, to be offered as a card.
 */
export function useOpenConversation() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ operatorId }: { operatorId: string; offer?: Offer }) => chatApi.open(operatorId),
    onSuccess: ({ conversation }, { offer }) => {
      queryClient.setQueryData([CHAT_KEY, 'list', 'one', conversation.id], conversation);
      const search = offer ? `?${new URLSearchParams(offer).toString()}` : '';
      void navigate(`/messages/${conversation.id}${search}`);
    },
  });
}
