/**
 * Live reads: a query kept up to date by the server's event stream (server-sent events
 * whose messages each carry the whole state), falling back to reading again every few
 * seconds when the stream is not there or has failed for good. Group buys, bargains and
 * parcel tracking use it.
 *
 * @example
 *   const group = useLive(['group-buy', id], () => api.group(id), { path: `/group-buys/${id}/events`, event: 'group' }, (g) => g?.status === 'forming');
 */
import { useQuery, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { API_BASE } from './client';

/** How often a page with no event stream reads the state again. */
export const POLL_MS = 3000;

/**
 * Keeps `queryKey` up to date from the server-sent events at `path` while `enabled`
 * (each message carries the whole state, under `event`). `onFailed(true)` once the
 * stream has failed for good (an unknown route, a refused request): poll then.
 */
function useEventStream(path: string, event: string, queryKey: QueryKey, enabled: boolean, onFailed: (failed: boolean) => void): void {
  const queryClient = useQueryClient();
  const keyText = JSON.stringify(queryKey);
  useEffect(() => {
    if (!enabled) return;
    if (typeof EventSource === 'undefined') {
      onFailed(true);
      return;
    }
    const key = JSON.parse(keyText) as QueryKey;
    const source = new EventSource(`${API_BASE}${path}`, { withCredentials: true });
    const apply = (message: MessageEvent<string>) => {
      try {
        queryClient.setQueryData(key, JSON.parse(message.data));
      } catch {
        void queryClient.invalidateQueries({ queryKey: key });
      }
    };
    source.addEventListener(event, apply);
    source.onmessage = apply;
    source.onopen = () => onFailed(false);
    // EventSource retries by itself after a dropped connection; CLOSED means it gave up.
    source.onerror = () => {
      if (source.readyState === EventSource.CLOSED) onFailed(true);
    };
    return () => source.close();
  }, [path, event, keyText, enabled, queryClient, onFailed]);
}

/** A live query: the event stream while `running(data)`, polling when the stream has failed, nothing once it has ended. */
export function useLive<T>(queryKey: QueryKey, read: () => Promise<T>, stream: { path: string; event: string }, running: (data: T | undefined) => boolean) {
  const [failed, setFailed] = useState(false);
  const result = useQuery({ queryKey, queryFn: read, refetchInterval: (query) => (failed && running(query.state.data) ? POLL_MS : false) });
  useEventStream(stream.path, stream.event, queryKey, running(result.data), setFailed);
  return result;
}
