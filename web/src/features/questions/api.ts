/**
 * 问大家 (API.md "问大家", R11): the calls, their query hooks and cache keys. Whether the
 * reader may answer is the server's decision (`canAnswer` on GET /questions/:id); a
 * refused answer comes back as 403 NOT_A_BUYER and is shown kindly. Every POST carries
 * an Idempotency-Key (api/idempotency.ts).
 *
 * @example
 *   const list = useProductQuestions(productId, { sort: 'useful' });
 */
import { useInfiniteQuery, useQuery, type QueryClient } from '@tanstack/react-query';
import { at, call, client, idempotent, type BodyOf, type QueryOf, type ResponseOf } from '../../api/client';
import { everyValue } from '../../api/enums';

export type QuestionPage = ResponseOf<'/products/{id}/questions'>;
export type Question = QuestionPage['items'][number];
export type Answer = Question['answers'][number];
export type QuestionDetail = ResponseOf<'/questions/{id}'>;
export type AskInput = BodyOf<'/products/{id}/questions'>;
export type QuestionSort = NonNullable<QueryOf<'/products/{id}/questions'>['sort']>;

export const QUESTION_SORTS = everyValue<QuestionSort>()(['newest', 'useful']);
/** Lengths the server holds questions and answers to (API.md). */
export const QUESTION_MIN = 5;
export const QUESTION_MAX = 300;
export const ANSWER_MIN = 2;
export const ANSWER_MAX = 500;
/** Questions the product page shows before 查看全部. */
export const PREVIEW_COUNT = 2;

const byId = (id: string) => at({ id });

export const questionsApi = {
  list: (productId: string, query: QueryOf<'/products/{id}/questions'>) => call(client.GET('/products/{id}/questions', { params: { path: { id: productId }, query } })),
  get: (questionId: string, query: QueryOf<'/questions/{id}'> = {}) => call(client.GET('/questions/{id}', { params: { path: { id: questionId }, query } })),
  ask: (productId: string, input: AskInput, key: string) => call(client.POST('/products/{id}/questions', { ...byId(productId), body: input, ...idempotent(key) })),
  answer: (questionId: string, text: string, key: string) => call(client.POST('/questions/{id}/answers', { ...byId(questionId), body: { text }, ...idempotent(key) })),
  useful: (answerId: string) => call(client.POST('/answers/{id}/useful', byId(answerId))),
  notUseful: (answerId: string) => call(client.DELETE('/answers/{id}/useful', byId(answerId))),
  reportQuestion: (questionId: string, reason: string, key: string) => call(client.POST('/questions/{id}/reports', { ...byId(questionId), body: { reason }, ...idempotent(key) })),
  reportAnswer: (answerId: string, reason: string, key: string) => call(client.POST('/answers/{id}/reports', { ...byId(answerId), body: { reason }, ...idempotent(key) })),
};

/** Everything under this key is 问大家: invalidate it after a question or answer changes. */
export const QUESTIONS_KEY = 'questions';

/** A product's questions (top 2 answers each), a page at a time; `enabled` false until the section nears the screen. */
export function useProductQuestions(productId: string, options: { sort: QuestionSort; limit?: number }, enabled = true) {
  const { sort, limit } = options;
  return useInfiniteQuery({
    queryKey: [QUESTIONS_KEY, 'product', productId, sort, limit],
    queryFn: ({ pageParam }) => questionsApi.list(productId, { sort, ...(limit ? { limit } : {}), ...(pageParam ? { cursor: pageParam } : {}) }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled,
  });
}

/** One question with its answers (most useful first) and whether the reader may answer it. */
export function useQuestion(questionId: string | undefined) {
  return useQuery({ queryKey: [QUESTIONS_KEY, 'one', questionId], queryFn: () => questionsApi.get(questionId!), enabled: Boolean(questionId) });
}

export async function questionsChanged(queryClient: QueryClient): Promise<void> {
  await queryClient.invalidateQueries({ queryKey: [QUESTIONS_KEY], refetchType: 'all' });
}
