/**
 * The chat benchmark's baseline: a bare node:http server that holds server-sent event
 * streams and pushes each posted message to the stream of its conversation, with the
 * same paths and shapes as Agora's chat (GET /api/v1/conversations/:id/events,
 * POST /api/v1/conversations/:id/messages → 201 `{ message: { id, seq, text } }`), so the
 * load generator in bench/chat.ts drives both the same way. No database, no sessions,
 * no checks: what is left is the cost of HTTP, JSON and SSE framing on this machine.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

const PATH = /^\/api\/v1\/conversations\/([^/]+)\/(events|messages)$/;
const MAX_BODY = 16 * 1024;

export async function startSseEcho(): Promise<{ url: string; close: () => Promise<void> }> {
  const streams = new Map<string, Set<http.ServerResponse>>();
  const seqs = new Map<string, number>();

  const server = http.createServer((req, res) => {
    const match = PATH.exec(req.url ?? '');
    if (!match) return void res.writeHead(404).end();
    const [, conversation = '', action] = match;
    if (req.method === 'GET' && action === 'events') {
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive' });
      res.write('retry: 3000\n\n');
      const set = streams.get(conversation) ?? new Set();
      set.add(res);
      streams.set(conversation, set);
      res.on('close', () => {
        set.delete(res);
        if (set.size === 0) streams.delete(conversation);
      });
      return;
    }
    if (req.method === 'POST' && action === 'messages') {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= MAX_BODY) chunks.push(chunk);
      });
      req.on('end', () => {
        let text: unknown;
        try {
          text = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { text?: unknown }).text;
        } catch {
          text = undefined;
        }
        if (size > MAX_BODY || typeof text !== 'string') return void res.writeHead(400).end();
        const seq = (seqs.get(conversation) ?? 0) + 1;
        seqs.set(conversation, seq);
        const message = { id: randomUUID(), seq, conversationId: conversation, text, createdAt: new Date().toISOString() };
        const frame = `id: ${seq}\nevent: message\ndata: ${JSON.stringify(message)}\n\n`;
        for (const stream of streams.get(conversation) ?? []) stream.write(frame);
        const body = JSON.stringify({ message });
        res.writeHead(201, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
      });
      return;
    }
    res.writeHead(405).end();
  });
  // Up to 1,000 streams plus the senders' keep-alive connections.
  server.maxConnections = 10_000;
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
