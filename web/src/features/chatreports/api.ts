/**
 * Chat governance for the admin console (issue 18): reported chat messages and a dispute's
 * attached chat. Opening a report or a dispute's chat is a logged personal-data read of
 * both parties, so the pages read them only when the admin asks to see them.
 */
import { useInfiniteQuery, useQuery, type QueryClient } from '@tanstack/react-query';
import { at, call, client, type BodyOf, type ResponseOf } from '../../api/client';
import { everyValue } from '../../api/enums';

export type ChatReport = ResponseOf<'/admin/chat-reports/{id}'>['report'];
export type ChatReportDetail = ResponseOf<'/admin/chat-reports/{id}'>;
export type EvidenceMessage = ChatReportDetail['messages'][number];
export type DisputeChat = ResponseOf<'/admin/disputes/{id}/chat'>;
export type ResolveInput = BodyOf<'/admin/chat-reports/{id}/resolve'>;

export const REPORT_REASONS = everyValue<ChatReport['reason']>()(['harassment', 'fraud', 'spam', 'other']);
export const REPORT_OUTCOMES = everyValue<ResolveInput['outcome']>()(['dismissed', 'warned', 'removed']);
export const REPORT_STATUSES = everyValue<ChatReport['status']>()(['open', 'resolved']);

const byId = (value: string) => at({ id: value });

export const chatReportsApi = {
  queue: (query: { status?: ChatReport['status']; cursor?: string }) => call(client.GET('/admin/chat-reports', { params: { query } })),
  detail: (reportId: string) => call(client.GET('/admin/chat-reports/{id}', byId(reportId))),
  resolve: (reportId: string, input: ResolveInput) => call(client.POST('/admin/chat-reports/{id}/resolve', { ...byId(reportId), body: input })),
  disputeChat: (disputeId: string, cursor?: string) => call(client.GET('/admin/disputes/{id}/chat', { params: { path: { id: disputeId }, query: cursor ? { cursor } : {} } })),
};

export const CHAT_REPORTS_KEY = 'chat-reports';

export function useChatReportQueue(status: ChatReport['status'] | undefined) {
  return useInfiniteQuery({
    queryKey: [CHAT_REPORTS_KEY, 'queue', status],
    queryFn: ({ pageParam }) => chatReportsApi.queue({ ...(status ? { status } : {}), ...(pageParam ? { cursor: pageParam } : {}) }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** The report with the messages around it: a logged read, so only once the admin opens it. */
export function useChatReport(reportId: string, enabled: boolean) {
  return useQuery({ queryKey: [CHAT_REPORTS_KEY, 'detail', reportId], queryFn: () => chatReportsApi.detail(reportId), enabled, staleTime: Infinity });
}

/** Read these lists again after a decision (never the detail: that read is logged). */
export async function chatReportsChanged(queryClient: QueryClient, parts: readonly ('queue' | 'summary')[]): Promise<void> {
  for (const part of parts) await queryClient.invalidateQueries({ queryKey: [CHAT_REPORTS_KEY, part] });
}
