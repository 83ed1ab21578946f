import { useEffect, useRef } from 'react';
import { API_BASE } from '../../../api/client';

/** The first wait before opening a stream again that failed for good, doubled each time up to a minute. */
const RETRY_FIRST_MS = 3_000;
const RETRY_MAX_MS = 60_000;

/**
 * Listens to the server-sent events at `path` while `enabled`: each named event calls its
 * handler with the parsed data; `onOpen` runs on every (re)connection, so the caller reads
 * again whatever a drop may have hidden. EventSource resumes with Last-Event-ID by itself;
 * a stream that failed for good (an error answer) is opened again 3 s, 6 s … later.
 */
export function useStream(path: string, handlers: Record<string, (data: unknown) => void>, options: { enabled: boolean; onOpen?: () => void }): void {
  // The latest handlers, without opening the stream again when they change.
  const latest = useRef({ handlers, onOpen: options.onOpen });
  latest.current = { handlers, onOpen: options.onOpen };
  const names = Object.keys(handlers).sort().join(',');
  useEffect(() => {
    if (!options.enabled || typeof EventSource === 'undefined') return;
    let source: EventSource | undefined;
    let retry: number | undefined;
    let wait = RETRY_FIRST_MS;
    const open = () => {
      const current = new EventSource(`${API_BASE}${path}`, { withCredentials: true });
      source = current;
      for (const name of names.split(',').filter(Boolean)) {
        current.addEventListener(name, (event: MessageEvent<string>) => {
          let data: unknown = null;
          try {
            data = JSON.parse(event.data);
          } catch {
            // A message with no JSON still says that something changed.
          }
          latest.current.handlers[name]?.(data);
        });
      }
      current.onopen = () => {
        wait = RETRY_FIRST_MS;
        latest.current.onOpen?.();
      };
      current.onerror = () => {
        if (current.readyState !== EventSource.CLOSED) return;
        retry = window.setTimeout(open, wait);
        wait = Math.min(wait * 2, RETRY_MAX_MS);
      };
    };
    open();
    return () => {
      window.clearTimeout(retry);
      source?.close();
    };
  }, [path, names, options.enabled]);
}
