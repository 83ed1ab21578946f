/**
 * The web app's HTML for every page address (the not-found fallback of server.ts), with
 * the first screen of the feed (`/`), a note, a product, a group buy and a bargain
 * already in it, so their content shows before the JavaScript has loaded (issue 16).
 *
 * Why a prerendered shell and not React's renderToString: the server stays free of the
 * web app's build (its CSS imports, `window`/`localStorage` at module load, lazily loaded
 * routes), and filling a template costs well under a millisecond of the 2 cores, where
 * rendering the component tree would cost several per request. The HTML mirrors the
 * pages' markup (page-views.ts, texts checked against the web app's locales by
 * test/web-pages.test.ts), the data it shows rides along as JSON in
 * `<script id="agora-prefetch" type="application/json">`, and web/src/app/prefetch.ts puts
 * it into TanStack Query's cache before the first render: the app draws the same page
 * at once (no spinner, no layout jump) and asks for none of that data again.
 *
 * The data is read through the API's own routes (`inject`, without the reader's cookie):
 * the same validation, visibility rules and response schema as the app's requests, and
 * only ever the signed-out view, so nothing private is rendered or embedded. A reader
 * with a session gets that public view too, marked stale so the app reads their own view
 * (liked, own notes first) at once. Without a session cookie the shell also says "nobody
 * is signed in", which spares every page the GET /me that could only answer 401.
 *
 * Language: the reader's choice (the `agora_lang` cookie the app keeps beside
 * localStorage), else English when the browser asks for it first, else zh-CN; the app
 * starts in the language the page was rendered in.
 */
import fs from 'node:fs';
import path from 'node:path';
import escapeHtml from 'escape-html';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SESSION_COOKIE } from './auth.js';
import { PAGE_LANGUAGES, type PageLanguage } from './page-texts.js';
import * as views from './page-views.js';

/** The cookie web/src/app/i18n.ts writes with the reader's language. */
export const LANGUAGE_COOKIE = 'agora_lang';
/** The first page of the feed and of comments, as the app asks for them (web/src/features/social/api.ts PAGE). */
const PAGE_SIZE = 20;

/** One entry of TanStack Query's cache, as web/src/app/prefetch.ts reads it. */
interface Prefetched {
  key: unknown[];
  data: unknown;
  /** An infinite query's first page. */
  infinite?: true;
}

interface PageResult {
  status: 200 | 404;
  rendered?: views.Rendered;
  queries: Prefetched[];
}

type Read = (url: string) => Promise<{ status: number; data: unknown }>;

function languageOf(request: FastifyRequest): PageLanguage {
  const chosen = request.cookies[LANGUAGE_COOKIE];
  if ((PAGE_LANGUAGES as readonly string[]).includes(chosen ?? '')) return chosen as PageLanguage;
  const first = request.headers['accept-language']?.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'zh-CN';
}

/** The id in `/<section>/<id>`, or undefined when the address is not one (or not decodable). */
function idIn(url: string, section: string): string | undefined {
  const match = new RegExp(`^/${section}/([^/]+)/?$`).exec(url);
  if (!match) return undefined;
  try {
    return decodeURIComponent(match[1]!);
  } catch {
    return undefined;
  }
}

/** The first screen of `url` (its path) and `query`, when it is one of the rendered pages. */
async function firstScreen(read: Read, language: PageLanguage, signedOut: boolean, url: string, query: URLSearchParams): Promise<PageResult | undefined> {
  const t = views.textsOf(language);
  const one = async <T>(api: string, kind: 'note' | 'product' | 'group' | 'bargain', missing: Parameters<typeof views.missingPage>[2], render: (data: T) => views.Rendered, key: unknown[]): Promise<PageResult | undefined> => {
    const answer = await read(api);
    // A malformed id is no page either: 404 like an unknown one (the app then says so).
    if (answer.status === 404 || answer.status === 400) return { status: 404, rendered: views.missingPage(t, kind, missing), queries: [] };
    if (answer.status !== 200) return undefined;
    return { status: 200, rendered: render(answer.data as T), queries: [{ key, data: answer.data }] };
  };
  if (url === '/') {
    // The discover tab everyone gets; another tab or the opt-out is left to the app.
    if (query.has('tab') || query.has('personalised')) return undefined;
    const feed = await read(`/feed?tab=discover&limit=${PAGE_SIZE}`);
    if (feed.status !== 200) return undefined;
    const page = feed.data as { items: views.NoteJson[]; nextCursor: string | null };
    // web/src/features/social/api.ts useFeed: [FEED_KEY, tab, personalised].
    return { status: 200, rendered: views.feedPage(t, page, signedOut), queries: [{ key: ['feed', 'discover', null], data: page, infinite: true }] };
  }
  const noteId = idIn(url, 'notes');
  if (noteId !== undefined && noteId !== 'new') {
    const id = encodeURIComponent(noteId);
    const [note, comments] = await Promise.all([
      one<views.NoteJson>(`/notes/${id}`, 'note', 'social.note.notFound', (n) => views.notePage(t, language, n), ['note', noteId]),
      read(`/notes/${id}/comments?limit=${PAGE_SIZE}`),
    ]);
    if (note?.status !== 200) return note;
    const authorId = (note.queries[0]!.data as views.NoteJson).author.id;
    const profile = await read(`/users/${encodeURIComponent(authorId)}`);
    // The note page's other reads (useComments, useProfile), so hydrating asks for nothing.
    if (comments.status === 200) note.queries.push({ key: ['comments', noteId], data: comments.data, infinite: true });
    if (profile.status === 200) note.queries.push({ key: ['profile', authorId], data: profile.data });
    return note;
  }
  const productId = idIn(url, 'products');
  if (productId !== undefined) return one<views.ProductJson>(`/products/${encodeURIComponent(productId)}`, 'product', 'product.notFound', (p) => views.productPage(t, p, signedOut), ['product', productId]);
  const groupId = idIn(url, 'group-buys');
  if (groupId !== undefined) return one<views.GroupBuyJson>(`/group-buys/${encodeURIComponent(groupId)}`, 'group', 'campaigns.group.notFound', (g) => views.groupBuyPage(t, g, signedOut), ['group-buy', groupId]);
  const bargainId = idIn(url, 'bargains');
  if (bargainId !== undefined) return one<views.BargainJson>(`/bargains/${encodeURIComponent(bargainId)}`, 'bargain', 'campaigns.bargain.notFound', (b) => views.bargainPage(t, language, b, signedOut, new Date()), ['bargain', bargainId]);
  return undefined;
}

/** JSON that cannot end its `<script>` element early (`</script>`, `<!--`). */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

/**
 * The page handler for `webRoot`'s built app: `send(request, reply)` answers any page
 * address with index.html, its first screen filled in where there is one.
 */
export function createWebPages(app: FastifyInstance, options: { webRoot: string; apiPrefix: string }) {
  const template = fs.readFileSync(path.join(options.webRoot, 'index.html'), 'utf8');
  const read: Read = async (url) => {
    // No cookie, no token: the signed-out view, whoever asked for the page.
    const answer = await app.inject({ method: 'GET', url: `${options.apiPrefix}${url}`, headers: { accept: 'application/json' } });
    return { status: answer.statusCode, data: answer.statusCode === 200 ? answer.json() : undefined };
  };

  function fill(url: string, language: PageLanguage, result: PageResult | undefined, signedOut: boolean): string {
    const t = views.textsOf(language);
    const prefetch = { signedOut, queries: result?.queries ?? [] };
    const root = result?.rendered ? views.layout(t, language, url, result.rendered.html) : '';
    let html = template.replace(/<html lang="[^"]*"/, `<html lang="${language}"`);
    if (result?.rendered) html = html.replace(/<title>[^<]*<\/title>/, `<title>${escapeHtml(`${result.rendered.title} · ${t('app.name')}`)}</title>`);
    return html.replace('<div id="root"></div>', `<div id="root">${root}</div><script id="agora-prefetch" type="application/json">${scriptJson(prefetch)}</script>`);
  }

  return async function send(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    const [url = '/', search = ''] = request.url.split('?');
    const language = languageOf(request);
    const signedOut = !request.cookies[SESSION_COOKIE];
    const result = await firstScreen(read, language, signedOut, url, new URLSearchParams(search));
    return (
      reply
        .status(result?.status ?? 200)
        .type('text/html; charset=utf-8')
        // HTML names the hashed assets of the current build and carries fresh data: always revalidated.
        .header('cache-control', 'no-cache')
        .header('vary', 'Accept-Language, Cookie')
        .send(fill(url, language, result, signedOut))
    );
  };
}
