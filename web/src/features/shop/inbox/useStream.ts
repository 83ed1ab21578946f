import { useEffect, useRef } from 'react';
import { openEventStream } from '../../../api/live';

/**
 * Listens to the server-sent events at `path` while `enabled`: each named event calls its
 * handler with the parsed data; `onOpen` runs on every (re)connection, so the caller reads
 * again whatever a drop may have hidden. EventSource resumes with Last-Event-ID by itself;
 * a stream that failed for good is opened again by openEventStream's back-off.
 */
export function useStream(path: string, handlers: Record<string, (data: unknown) => void>, options: { enabled: boolean; onOpen?: () => void }): void {
  // The latest handlers, without opening the stream again when they change.
  const latest = useRef({ handlers, onOpen: options.onOpen });
  latest.current = { handlers, onOpen: options.onOpen };
  const names = Object.keys(handlers).sort().join(',');
  useEffect(() => {
    if (!options.enabled || typeof EventSource === 'undefined') return;
    const listen = (name: string) => (event: MessageEvent<string>) => {
      let data: unknown = null;
      try {
        data = JSON.parse(event.data);
      } catch {
        // A message with no JSON still says that something changed.
      }
      latest.current.handlers[name]?.(data);
    };
    const listeners = Object.fromEntries(
      names
        .split(',')
        .filter(Boolean)
        .map((name) => [name, listen(name)]),
    );
    return openEventStream(
      () => path,
      listeners,
      (failed) => {
        if (!failed) latest.current.onOpen?.();
      },
    );
  }, [path, names, options.enabled]);
}
