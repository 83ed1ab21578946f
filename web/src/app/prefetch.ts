/**
 * What the server put into the page for its first screen (src/http/pages.ts): the data
 * the server-rendered HTML shows, as `<script id="agora-prefetch" type="application/json">`.
 * Seeding TanStack Query's cache with it before the first render lets the app draw the
 * same screen at once, with no spinner in between and no second request for that data.
 *
 * Without a session cookie the server also says nobody is signed in: `/me` is then
 * known to be `null` and never asked (it could only answer 401). With one, the data is
 * the public view, kept but marked stale so the reader's own view is read at once.
 */
import type { QueryClient } from '@tanstack/react-query';
import { ME_QUERY_KEY } from './session';

interface Prefetch {
  signedOut: boolean;
  queries: { key: unknown[]; data: unknown; infinite?: boolean }[];
}

function isPrefetch(value: unknown): value is Prefetch {
  return typeof value === 'object' && value !== null && typeof (value as Prefetch).signedOut === 'boolean' && Array.isArray((value as Prefetch).queries);
}

export function seedFromServer(queryClient: QueryClient): void {
  const element = document.getElementById('agora-prefetch');
  if (!element?.textContent) return;
  let prefetch: unknown;
  try {
    prefetch = JSON.parse(element.textContent);
  } catch {
    return; // A page without usable data simply loads as before.
  }
  if (!isPrefetch(prefetch)) return;
  const updatedAt = prefetch.signedOut ? Date.now() : 0;
  if (prefetch.signedOut) queryClient.setQueryData(ME_QUERY_KEY, null, { updatedAt });
  for (const { key, data, infinite } of prefetch.queries) {
    // JSON has no `undefined`: a key's null stands for it (both hash alike) and so does a first page's param.
    queryClient.setQueryData(key, infinite ? { pages: [data], pageParams: [undefined] } : data, { updatedAt });
  }
}
