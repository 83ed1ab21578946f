/**
 * Notes, tags, engagement, feeds, profiles, search and consents (API.md "Social").
 * The calls sit beside their TanStack Query hooks so pages share the cache keys.
 *
 * @example
 *   const { attribution, productId } = await socialApi.openTag(note.id, tag.id);
 *   navigate(productLink(productId, attribution)); // R12: the ref rides to checkout
 */
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { at, call, client, idempotent, type BodyOf, type ItemOf, type Page, type QueryOf, type ResponseOf } from '../../api/client';
import { everyValue } from '../../api/enums';

/**
 * A note: tags point into its images (`image` is the index) and carry R11's verified
 * purchase; `isAd` is R8's sponsorship the operator confirmed (the 「广告」 label cannot be removed).
 */
export type Note = ResponseOf<'/notes/{id}'>;
export type NoteTag = Note['tags'][number];
export type Person = Note['author'];
export type NoteInput = BodyOf<'/notes'>;
export type TagInput = NoteInput['images'][number]['tags'][number];
export type CommentWithReplies = ItemOf<ResponseOf<'/notes/{id}/comments'>>;
export type Comment = ResponseOf<'/notes/{id}/comments', 'post'>['comment'];
export type Profile = ResponseOf<'/users/{id}'>;
export type Follower = ItemOf<ResponseOf<'/users/{id}/followers'>>;

export type FeedTab = NonNullable<QueryOf<'/feed'>['tab']>;

/** A page of the feed; `personalised` (R6) says whether it was ranked for the viewer. */
export type FeedPage = ResponseOf<'/feed'>;

export type Consent = ItemOf<ResponseOf<'/me/consents'>>;
/** The feed's own switches; 问大家 invitations (qa_invitations) live in the privacy centre with the rest. */
export type ConsentPurpose = Exclude<Consent['purpose'], 'sensitive_identity' | 'qa_invitations'>;
export const CONSENT_PURPOSES = everyValue<ConsentPurpose>()(['personalised_feed', 'marketing', 'share_with_operator_marketing']);

export type SearchType = 'notes' | 'products';

const PAGE = 20;
const byId = (value: string) => at({ id: value });

export const socialApi = {
  feed: (params: { tab: FeedTab; personalised?: boolean; cursor?: string }) => call(client.GET('/feed', { params: { query: { ...params, limit: PAGE } } })),
  note: (noteId: string) => call(client.GET('/notes/{id}', byId(noteId))),
  /** A double tap on a slow network posts once: the key is the form's. */
  createNote: (input: NoteInput, idempotencyKey: string) => call(client.POST('/notes', { body: input, ...idempotent(idempotencyKey) })),
  updateNote: (noteId: string, input: BodyOf<'/notes/{id}', 'patch'>) => call(client.PATCH('/notes/{id}', { ...byId(noteId), body: input })),
  deleteNote: (noteId: string) => call(client.DELETE('/notes/{id}', byId(noteId))),
  /** R12: counts the click and hands out the attribution token for checkout. */
  openTag: (noteId: string, tagId: string) => call(client.POST('/notes/{id}/tags/{tagId}/open', at({ id: noteId, tagId }))),
  like: (noteId: string, on: boolean) => call(on ? client.POST('/notes/{id}/like', byId(noteId)) : client.DELETE('/notes/{id}/like', byId(noteId))),
  collect: (noteId: string, on: boolean) => call(on ? client.POST('/notes/{id}/collect', byId(noteId)) : client.DELETE('/notes/{id}/collect', byId(noteId))),
  follow: (userId: string, on: boolean) => call(on ? client.POST('/users/{id}/follow', byId(userId)) : client.DELETE('/users/{id}/follow', byId(userId))),
  comments: (noteId: string, cursor?: string) => call(client.GET('/notes/{id}/comments', { params: { path: { id: noteId }, query: { cursor, limit: PAGE } } })),
  comment: (noteId: string, input: BodyOf<'/notes/{id}/comments'>, idempotencyKey: string) =>
    call(client.POST('/notes/{id}/comments', { ...byId(noteId), body: input, ...idempotent(idempotencyKey) })),
  report: (noteId: string, reason: string) => call(client.POST('/notes/{id}/reports', { ...byId(noteId), body: { reason } })),
  profile: (userId: string) => call(client.GET('/users/{id}', byId(userId))),
  userNotes: (userId: string, cursor?: string) => call(client.GET('/users/{id}/notes', { params: { path: { id: userId }, query: { cursor, limit: PAGE } } })),
  userCollects: (userId: string, cursor?: string) => call(client.GET('/users/{id}/collects', { params: { path: { id: userId }, query: { cursor, limit: PAGE } } })),
  followers: (userId: string, cursor?: string) => call(client.GET('/users/{id}/followers', { params: { path: { id: userId }, query: { cursor, limit: PAGE } } })),
  searchNotes: (q: string, cursor?: string) => call(client.GET('/search', { params: { query: { q, type: 'notes', cursor, limit: PAGE } } })) as Promise<Page<Note>>,
  searchProducts: (q: string, cursor?: string, limit = PAGE) =>
    call(client.GET('/search', { params: { query: { q, type: 'products', cursor, limit } } })) as Promise<Page<ItemOf<ResponseOf<'/products'>>>>,
  consents: () => call(client.GET('/me/consents')),
  /** R6/R15: granting and withdrawing are the same one call. */
  setConsent: (purpose: ConsentPurpose, granted: boolean) => call(client.PUT('/me/consents/{purpose}', { params: { path: { purpose } }, body: { granted } })),
};

export const NOTE_KEY = 'note';
export const FEED_KEY = 'feed';

/** A paged list read a page at a time (load more / infinite scroll). */
function usePaged<T>(key: readonly unknown[], read: (cursor: string | undefined) => Promise<Page<T>>, enabled = true) {
  return useInfiniteQuery({
    queryKey: key,
    queryFn: ({ pageParam }) => read(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled,
  });
}

/** GET /feed; `personalised: false` asks for the ranking everyone gets (R6). */
export function useFeed(tab: FeedTab, personalised: boolean | undefined, enabled = true) {
  return useInfiniteQuery({
    queryKey: [FEED_KEY, tab, personalised],
    queryFn: ({ pageParam }) => socialApi.feed({ tab, ...(personalised === false ? { personalised } : {}), ...(pageParam ? { cursor: pageParam } : {}) }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled,
  });
}

export function useNote(noteId: string, enabled = true) {
  return useQuery({ queryKey: [NOTE_KEY, noteId], queryFn: () => socialApi.note(noteId), enabled });
}

export const useComments = (noteId: string) => usePaged(['comments', noteId], (cursor) => socialApi.comments(noteId, cursor));
export const useProfile = (userId: string) => useQuery({ queryKey: ['profile', userId], queryFn: () => socialApi.profile(userId) });
export const useUserNotes = (userId: string, enabled: boolean) => usePaged(['user-notes', userId], (cursor) => socialApi.userNotes(userId, cursor), enabled);
export const useUserCollects = (userId: string, enabled: boolean) => usePaged(['user-collects', userId], (cursor) => socialApi.userCollects(userId, cursor), enabled);
export const useFollowers = (userId: string, enabled: boolean) => usePaged(['followers', userId], (cursor) => socialApi.followers(userId, cursor), enabled);
export const useNoteSearch = (q: string, enabled: boolean) => usePaged(['search', 'notes', q], (cursor) => socialApi.searchNotes(q, cursor), enabled);
export const useProductSearch = (q: string, enabled: boolean) => usePaged(['search', 'products', q], (cursor) => socialApi.searchProducts(q, cursor), enabled);

/** R12: the product page link a tag leads to, carrying the attribution as `?ref=`. */
export function productLink(productId: string, attribution: string, skuId?: string | null): string {
  const params = new URLSearchParams({ ref: attribution });
  if (skuId) params.set('sku', skuId);
  return `/products/${encodeURIComponent(productId)}?${params.toString()}`;
}

/** The body split into text and #话题 runs, so hashtags can be shown as links. */
export function bodyRuns(body: string): { text: string; hashtag: boolean }[] {
  const runs: { text: string; hashtag: boolean }[] = [];
  let last = 0;
  for (const match of body.matchAll(/#[\p{L}\p{N}\p{M}_]{1,30}#?/gu)) {
    if (match.index > last) runs.push({ text: body.slice(last, match.index), hashtag: false });
    runs.push({ text: match[0], hashtag: true });
    last = match.index + match[0].length;
  }
  if (last < body.length) runs.push({ text: body.slice(last), hashtag: false });
  return runs;
}
