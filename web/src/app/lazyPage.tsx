/**
 * Route-level code splitting (issue 16 item 2): each page is its own chunk, fetched when its
 * route is first opened, so the first screen downloads only the shell and its own page. The
 * consoles, charts (recharts), QR codes and passkeys therefore load only on their routes. The
 * features' zh-CN texts come with the first such page (i18n.ts `loadAllTexts`), in parallel.
 *
 * @example
 *   const NotePage = lazyPage(() => import('../features/social/pages/NotePage'), 'NotePage');
 *   <Route path=":noteId" element={<NotePage />} />
 *   NotePage.preload(); // e.g. when a link to a note is hovered or touched
 */
import { lazy, Suspense, useState, type ComponentProps, type ComponentType } from 'react';
import { Loading } from '../ui/Loading';
import { loadAllTexts } from './i18n';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any page's props; each page keeps its own type below.
type Page = ComponentType<any>;

export type LazyPage<P extends Page> = ((props: ComponentProps<P>) => React.JSX.Element) & { preload: () => Promise<unknown> };

export function lazyPage<M extends Record<K, Page>, K extends keyof M & string>(load: () => Promise<M>, name: K): LazyPage<M[K]> {
  let loading: Promise<M> | undefined;
  let loaded: M | undefined;
  // A failed fetch (offline for a moment) is forgotten, so the next attempt tries again.
  const preload = () =>
    (loading ??= Promise.all([load(), loadAllTexts()])
      .then(([page]) => (loaded = page))
      .catch((error: unknown) => {
        loading = undefined;
        throw error;
      }));
  const Lazy = lazy(async () => ({ default: (await preload())[name] }));
  function Screen(props: ComponentProps<M[K]>) {
    // A page already fetched (main.tsx preloads the server-rendered one) draws at once: React.lazy
    // would suspend for a tick and put the spinner over the server's first screen. Chosen once per
    // mount, so a page never switches between the two trees (which would remount it).
    const [Ready] = useState(() => loaded?.[name]);
    if (Ready) return <Ready {...props} />;
    return (
      <Suspense fallback={<Loading />}>
        <Lazy {...props} />
      </Suspense>
    );
  }
  Screen.displayName = name;
  return Object.assign(Screen, { preload });
}
