/**
 * Notes, tags, engagement, feeds, profiles, search and consents (API.md "Social").
 * The calls sit beside their TanStack Query hooks so pages share the cache keys.
 *
 * @example
 *   const { attribution, productId } = await socialApi.openTag(note.id, tag.id);
 *   navigate(productLink(productId, attribution)); // R12: the ref rides to checkout
 */
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { id, idempotent, query, request, type Page, type ProductSummary } from './api';

export interface Person {
  id: string;
  displayName: string;
}

export interface NoteTag {
  id: string;
  /** Index into the note's images. */
  image: number;
  x: number;
  y: number;
  productId: string;
  skuId: string | null;
  product: { id: string; title: string; price: number };
  /** R11: the author received an order for this product. */
  verifiedPurchase: boolean;
}

export interface Note {
  id: string;
  title: string;
  body: string;
  hashtags: string[];
  images: string[];
  author: Person;
  tags: NoteTag[];
  likes: number;
  collects: number;
  comments: number;
  /** R8: a sponsorship the operator confirmed; the 「广告」 label cannot be removed. */
  isAd: boolean;
  adLabel: string | null;
  sponsor: { operatorId: string; shopName: string; status: 'pending' | 'confirmed' } | null;
  liked: boolean;
  collected: boolean;
  hidden: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface TagInput {
  productId: string;
  skuId?: string;
  x: number;
  y: number;
}

export interface NoteInput {
  title: string;
  body: string;
  images: { url: string; tags: TagInput[] }[];
}

export interface Comment {
  id: string;
  noteId: string;
  parentId: string | null;
  author: Person;
  body: string;
  createdAt: string;
}

export interface CommentWithReplies extends Comment {
  replies: Comment[];
}

export interface Profile {
  id: string;
  displayName: string;
  notes: number;
  followers: number;
  following: number;
  likesAndCollects: number;
  followedByMe: boolean;
}

export interface Follower {
  id: string;
  displayName: string;
  followedAt: string;
}

export type FeedTab = 'discover' | 'following';

export interface FeedPage extends Page<Note> {
  /** R6: whether this page was ranked for the viewer. */
  personalised: boolean;
}

export type ConsentPurpose = 'marketing' | 'share_with_operator_marketing' | 'personalised_feed';
export const CONSENT_PURPOSES: readonly ConsentPurpose[] = ['personalised_feed', 'marketing', 'share_with_operator_marketing'];

export interface Consent {
  purpose: ConsentPurpose;
  granted: boolean;
  textVersion: string | null;
  at: string | null;
}

export type SearchType = 'notes' | 'products';

const PAGE = 20;

export const socialApi = {
  feed: (params: { tab: FeedTab; personalised?: boolean; cursor?: string }) => request<FeedPage>('GET', `/feed${query({ ...params, limit: PAGE })}`),
  note: (noteId: string) => request<Note>('GET', `/notes/${id(noteId)}`),
  /** A double tap on a slow network posts once: the key is the form's. */
  createNote: (input: NoteInput, idempotencyKey: string) => request<{ note: Note }>('POST', '/notes', input, idempotent(idempotencyKey)),
  updateNote: (noteId: string, input: Partial<NoteInput>) => request<{ note: Note }>('PATCH', `/notes/${id(noteId)}`, input),
  deleteNote: (noteId: string) => request<void>('DELETE', `/notes/${id(noteId)}`),
  /** R12: counts the click and hands out the attribution token for checkout. */
  openTag: (noteId: string, tagId: string) => request<{ productId: string; skuId: string | null; attribution: string }>('POST', `/notes/${id(noteId)}/tags/${id(tagId)}/open`),
  like: (noteId: string, on: boolean) => request<{ likes: number; liked: boolean }>(on ? 'POST' : 'DELETE', `/notes/${id(noteId)}/like`),
  collect: (noteId: string, on: boolean) => request<{ collects: number; collected: boolean }>(on ? 'POST' : 'DELETE', `/notes/${id(noteId)}/collect`),
  follow: (userId: string, on: boolean) => request<{ following: boolean; followers: number }>(on ? 'POST' : 'DELETE', `/users/${id(userId)}/follow`),
  comments: (noteId: string, cursor?: string) => request<Page<CommentWithReplies>>('GET', `/notes/${id(noteId)}/comments${query({ cursor, limit: PAGE })}`),
  comment: (noteId: string, input: { body: string; parentId?: string }, idempotencyKey: string) =>
    request<{ comment: Comment }>('POST', `/notes/${id(noteId)}/comments`, input, idempotent(idempotencyKey)),
  report: (noteId: string, reason: string) => request<{ report: { id: string } }>('POST', `/notes/${id(noteId)}/reports`, { reason }),
  profile: (userId: string) => request<Profile>('GET', `/users/${id(userId)}`),
  userNotes: (userId: string, cursor?: string) => request<Page<Note>>('GET', `/users/${id(userId)}/notes${query({ cursor, limit: PAGE })}`),
  userCollects: (userId: string, cursor?: string) => request<Page<Note>>('GET', `/users/${id(userId)}/collects${query({ cursor, limit: PAGE })}`),
  followers: (userId: string, cursor?: string) => request<Page<Follower>>('GET', `/users/${id(userId)}/followers${query({ cursor, limit: PAGE })}`),
  searchNotes: (q: string, cursor?: string) => request<Page<Note>>('GET', `/search${query({ q, type: 'notes', cursor, limit: PAGE })}`),
  searchProducts: (q: string, cursor?: string, limit = PAGE) => request<Page<ProductSummary>>('GET', `/search${query({ q, type: 'products', cursor, limit })}`),
  consents: () => request<{ items: Consent[] }>('GET', '/me/consents'),
  /** R6/R15: granting and withdrawing are the same one call. */
  setConsent: (purpose: ConsentPurpose, granted: boolean) => request<{ consent: Consent }>('PUT', `/me/consents/${id(purpose)}`, { granted }),
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
