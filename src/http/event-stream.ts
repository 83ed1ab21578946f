/**
 * Server-sent events for one live topic: the state as it is now, then the state
 * again each time the topic changes (src/lib/live-events.ts), in order; a comment
 * line every `heartbeatMs` so proxies keep the connection and the client notices a
 * dead one; everything let go when the client disconnects.
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

export interface TopicStream {
  live: LiveEvents;
  topic: string;
  /** The SSE `event:` name of each message. */
  event: string;
  /** The state to send: read afresh for the first message and after every change. */
  read: () => Promise<unknown>;
  heartbeatMs: number;
}

export async function streamTopic(request: FastifyRequest, reply: FastifyReply, options: TopicStream): Promise<void> {
  const res = reply.raw;
  let open = true;
  // One read after another, so a slow read never overtakes a newer one.
  let queue = Promise.resolve();
  const write = (text: string) => {
    if (open) res.write(text);
  };
  const sendLatest = () => {
    queue = queue.then(async () => {
      if (!open) return;
      try {
        write(`event: ${options.event}\ndata: ${JSON.stringify(await options.read())}\n\n`);
      } catch (error) {
        request.log.error({ err: error }, 'live stream read failed');
        close();
      }
    });
  };

  const heartbeat = setInterval(() => write(': heartbeat\n\n'), options.heartbeatMs);
  let unsubscribe = () => {};
  function close() {
    if (!open) return;
    open = false;
    clearInterval(heartbeat);
    unsubscribe();
    res.end();
  }
  try {
    // Subscribe before the first read: a change between the two is not lost. The server
    // ends the subscription too when it shuts down (live.close() in its preClose hook).
    unsubscribe = await options.live.subscribe(options.topic, sendLatest, close);
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
  sendLatest();
}
