/**
 * Server-sent events for one live topic (src/lib/live-events.ts): subscribed before
 * anything is read, so a change between the two is not lost; messages written one
 * after another (a slow read never overtakes a newer one); a comment line every
 * `heartbeatMs` so proxies keep the connection and the client notices a dead one;
 * everything let go when the client disconnects or the server shuts down.
 *
 * Call it after the route has checked its input and found the resource: up to here
 * errors are problem+json as usual, after it the response belongs to the stream.
 *
 * @example
 *   await group(id); // 404 before streaming
 *   await streamTopic(request, reply, { live, topic: `group-buy:${id}`, event: 'group', read: () => group(id) });
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { LiveEvents } from '../lib/live-events.js';

/** An open stream, as its owner writes to it. */
export interface EventStream {
  /** One message; `id` is the SSE `id:` a client resumes from (Last-Event-ID). */
  send(event: string, data: unknown, id?: number): void;
  /** Run `job` after every earlier one; a failure is logged and ends the stream. */
  then(job: () => Promise<void>): void;
}

export interface StreamOptions {
  live: LiveEvents;
  topic: string;
  heartbeatMs: number;
  /** The topic changed (`payload`: what a publisher attached, if anything). */
  onChange: (stream: EventStream, payload: string | undefined) => void;
  /** The first job, once the response is open. */
  start: (stream: EventStream) => Promise<void>;
  /** With every heartbeat, and once as the stream opens (e.g. keeping a presence row fresh). */
  onBeat?: () => Promise<void>;
  onClose?: () => void;
}

export async function openEventStream(request: FastifyRequest, reply: FastifyReply, options: StreamOptions): Promise<void> {
  const res = reply.raw;
  let open = true;
  let queue = Promise.resolve();
  const write = (text: string) => {
    if (open) res.write(text);
  };
  const stream: EventStream = {
    send: (event, data, id) => write(`${id === undefined ? '' : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`),
    then: (job) => {
      queue = queue.then(async () => {
        if (!open) return;
        try {
          await job();
        } catch (error) {
          request.log.error({ err: error }, 'live stream read failed');
          close();
        }
      });
    },
  };
  const beat = () => options.onBeat?.().catch((error: unknown) => request.log.warn({ err: error }, 'live stream heartbeat work failed'));
  const heartbeat = setInterval(() => {
    write(': heartbeat\n\n');
    void beat();
  }, options.heartbeatMs);
  let unsubscribe = () => {};
  function close() {
    if (!open) return;
    open = false;
    clearInterval(heartbeat);
    unsubscribe();
    options.onClose?.();
    res.end();
  }
  try {
    // The server ends the subscription too when it shuts down (live.close() in its preClose hook).
    unsubscribe = await options.live.subscribe(options.topic, (payload) => options.onChange(stream, payload), close);
  } catch (error) {
    clearInterval(heartbeat);
    throw error;
  }
  reply.hijack();
  // The response's close, not the request's (which fires once its body is read).
  res.on('close', close);
  if (res.destroyed) return close();
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    // nginx would otherwise buffer the stream.
    'x-accel-buffering': 'no',
  });
  // The client reconnects after 3 s if the connection drops.
  write('retry: 3000\n\n');
  await beat();
  stream.then(() => options.start(stream));
}

export interface TopicStream {
  live: LiveEvents;
  topic: string;
  /** The SSE `event:` name of each message. */
  event: string;
  /** The state to send: read afresh for the first message and after every change. */
  read: () => Promise<unknown>;
  heartbeatMs: number;
}

/** The state as it is now, then the state again each time the topic changes, in order. */
export async function streamTopic(request: FastifyRequest, reply: FastifyReply, options: TopicStream): Promise<void> {
  const sendLatest = async (stream: EventStream) => stream.send(options.event, await options.read());
  await openEventStream(request, reply, {
    live: options.live,
    topic: options.topic,
    heartbeatMs: options.heartbeatMs,
    onChange: (stream) => stream.then(() => sendLatest(stream)),
    start: sendLatest,
  });
}
