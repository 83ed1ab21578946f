/**
 * One conversation kept live (issue 18 item 2): the pages read so far, plus what the event
 * stream at /conversations/:id/events brings — new messages (event id = the message's `seq`),
 * the other side typing, and its read receipts. The browser resends `Last-Event-ID` itself when
 * a dropped connection comes back; a stream opened again after failing for good starts from the
 * newest `seq` held (`?lastEventId=`). Everything is kept by `seq`, so a message that arrives
 * twice (in a page and on the stream, or replayed after a reconnect) shows once.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { openEventStream } from '../../api/live';
import { useMessagePages, type Message } from './api';

/** How long "typing…" shows after the other side's last keystroke event. */
const TYPING_SHOWN_MS = 5000;

/** Messages by `seq`, oldest first, each once; a later copy (say, masked or removed since) wins. */
export function mergeBySeq(...lists: readonly (readonly Message[])[]): Message[] {
  const bySeq = new Map<number, Message>();
  for (const list of lists) for (const message of list) bySeq.set(message.seq, message);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

export interface Thread {
  messages: Message[];
  /** The newest `seq` the other side has read of ours. */
  readUpTo: number;
  typing: boolean;
  /** The stream is down (it reconnects by itself): shown as a quiet notice. */
  offline: boolean;
  /** A message this page sent, added at once (the stream's copy then merges with it). */
  add: (message: Message) => void;
  pages: ReturnType<typeof useMessagePages>;
}

/** The stream's `read` and `typing` events say whose they are; only the shop's matter to the buyer. */
type ReadEvent = { from: Message['from']; upToSeq: number };
type TypingEvent = { from: Message['from'] };

export function useThread(conversationId: string): Thread {
  const pages = useMessagePages(conversationId);
  const [live, setLive] = useState<Message[]>([]);
  const [liveReadUpTo, setReadUpTo] = useState(0);
  const [typingAt, setTypingAt] = useState(0);
  const [offline, setOffline] = useState(false);
  const [now, setNow] = useState(() => Date.now());

  const loaded = useMemo(() => pages.data?.pages.flatMap((page) => page.items) ?? [], [pages.data]);
  const messages = useMemo(() => mergeBySeq(loaded, live), [loaded, live]);
  // The shop's receipt as of the newest page read, raised by the stream's `read` events.
  const readUpTo = Math.max(liveReadUpTo, pages.data?.pages[0]?.otherReadSeq ?? 0);
  const newest = useRef(0);
  newest.current = messages.at(-1)?.seq ?? 0;

  const add = useCallback((message: Message) => setLive((list) => [...list, message]), []);
  const ready = pages.isSuccess;

  useEffect(() => {
    if (!ready || typeof EventSource === 'undefined') return;
    const parse = <T,>(event: MessageEvent<string>): T | undefined => {
      try {
        return JSON.parse(event.data) as T;
      } catch {
        return undefined;
      }
    };
    // A stream opened again after failing starts after the newest message held; a dropped one
    // that the browser resumes sends Last-Event-ID itself.
    const url = () => `/conversations/${encodeURIComponent(conversationId)}/events?lastEventId=${newest.current}`;
    return openEventStream(
      url,
      {
        message: (event) => {
          const message = parse<Message>(event);
          if (!message) return;
          setLive((list) => [...list, message]);
          if (message.from === 'shop') setTypingAt(0); // the message itself ends "typing…"
        },
        typing: (event) => {
          if (parse<TypingEvent>(event)?.from === 'shop') setTypingAt(Date.now());
        },
        read: (event) => {
          const read = parse<ReadEvent>(event);
          if (read?.from === 'shop') setReadUpTo((seq) => Math.max(seq, read.upToSeq));
        },
      },
      setOffline,
    );
  }, [conversationId, ready]);

  // "typing…" fades on its own: a clock that ticks only while it shows.
  const typing = typingAt > 0 && now - typingAt < TYPING_SHOWN_MS;
  useEffect(() => {
    if (typingAt === 0) return;
    setNow(Date.now());
    const timer = window.setTimeout(() => setNow(Date.now()), TYPING_SHOWN_MS);
    return () => window.clearTimeout(timer);
  }, [typingAt]);

  return { messages, readUpTo, typing, offline, add, pages };
}
