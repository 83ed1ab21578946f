/**
 * Live reads: a query kept up to date by the server's event stream (server-sent events
 * whose messages each carry the whole state), falling back to reading again every few
 * seconds while the stream is not there, and trying the stream again now and then.
 * Group buys, bargains and parcel tracking use it.
 *
 * @example
 *   const group = useLive(['group-buy', id], () => api.group(id), { path: `/group-buys/${id}/events`, event: 'group' }, (g) => g?.status === 'forming');
 */
import { useQuery, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { API_BASE } from './client';

/** How often a page with no event stream reads the state again. */
export const POLL_MS = 3000;

/** The first wait before opening a stream again that failed for good, doubled each time up to RETRY_MAX_MS. */
const RETRY_FIRST_MS = 5_000;
const RETRY_MAX_MS = 60_000;

/**
 * Opens the server-sent events at `url()` with a listener per event name, and keeps them open: a
 * dropped connection is resumed by EventSource itself (it resends `Last-Event-ID`); once the stream
 * has failed for good (an error answer, say while the server restarts) `onFailed(true)` tells the
 * caller, and the stream is opened again — from `url()` as it is then — after 5 s, 10 s … at most a
 * minute apart, until it holds. Returns the way to close it.
 */
export function openEventStream(url: () => string, listeners: Record<string, (message: MessageEvent<string>) => void>, onFailed: (failed: boolean) => void): () => void {
  let source: EventSource | undefined;
  let retry: number | undefined;
  let wait = RETRY_FIRST_MS;
  const open = () => {
    const current = new EventSource(`${API_BASE}${url()}`, { withCredentials: true });
    source = current;
    for (const [event, listener] of Object.entries(listeners)) current.addEventListener(event, listener);
    current.onopen = () => {
      wait = RETRY_FIRST_MS;
      onFailed(false);
    };
    current.onerror = () => {
      if (current.readyState !== EventSource.CLOSED) return;
      onFailed(true);
      retry = window.setTimeout(open, wait);
      wait = Math.min(wait * 2, RETRY_MAX_MS);
    };
  };
  open();
  return () => {
    window.clearTimeout(retry);
    source?.close();
  };
}

/**
 * Keeps `queryKey` up to date from the server-sent events at `path` while `enabled`
 * (each message carries the whole state, under `event`), through openEventStream; while
 * the stream has failed for good `onFailed(true)` has the caller poll.
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
    const apply = (message: MessageEvent<string>) => {
      try {
        queryClient.setQueryData(key, JSON.parse(message.data));
      } catch {
        void queryClient.invalidateQueries({ queryKey: key });
      }
    };
    // The server sends the whole state as soon as a stream opens: nothing missed meanwhile stays missed.
    return openEventStream(() => path, { [event]: apply, message: apply }, onFailed);
  }, [path, event, keyText, enabled, queryClient, onFailed]);
}

/** A live query: the event stream while `running(data)`, polling when the stream has failed, nothing once it has ended. */
export function useLive<T>(queryKey: QueryKey, read: () => Promise<T>, stream: { path: string; event: string }, running: (data: T | undefined) => boolean) {
  const [failed, setFailed] = useState(false);
  const result = useQuery({ queryKey, queryFn: read, refetchInterval: (query) => (failed && running(query.state.data) ? POLL_MS : false) });
  useEventStream(stream.path, stream.event, queryKey, running(result.data), setFailed);
  return result;
}
