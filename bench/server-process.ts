/**
 * A benchmark target in its own process, so the server and the load generator
 * (autocannon, in the parent) each get their own event loop and core.
 *
 *   node --import tsx bench/server-process.ts baseline
 *   node --import tsx bench/server-process.ts agora [postgres-url]
 *   node --import tsx bench/server-process.ts agora-memory
 *   node --import tsx bench/server-process.ts sse-echo
 *
 * BENCH_AGORA_KEYS (JSON `{ dataKeys, lookupKey }`) gives Agora the personal-data
 * keys of a database set up beforehand; otherwise fresh keys are generated.
 * BENCH_AGORA_GENERATED=1: the database was generated beforehand (bench/feed-data.ts),
 * so no bench user is registered in it. CHECKOUT_BATCHING is passed on to Agora's config
 * (the flash-sale benchmark measures it on and off); BENCH_AGORA_ENV (JSON of more
 * config variables, e.g. a chat rate limit) likewise. BENCH_AGORA_POOL: pool size.
 *
 * Sends `{ type: 'ready', url }` over IPC when listening; closes and exits on 'stop'
 * or when the parent goes away.
 */
import { startAgora } from './agora.js';
import { buildBaselineApp } from './baseline.js';
import { startSseEcho } from './sse-echo.js';

export type TargetMessage = { type: 'ready'; url: string; detail: string } | { type: 'failed'; error: string };

async function start(): Promise<{ url: string; detail: string; close: () => Promise<void> }> {
  const [kind, databaseUrl] = process.argv.slice(2);
  if (kind === 'baseline') {
    const app = await buildBaselineApp();
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    return { url, detail: 'bare Fastify', close: () => app.close() };
  }
  if (kind === 'sse-echo') {
    const echo = await startSseEcho();
    return { url: echo.url, detail: 'bare node:http SSE echo', close: echo.close };
  }
  if (kind === 'agora' || kind === 'agora-memory') {
    const keys = process.env.BENCH_AGORA_KEYS ? (JSON.parse(process.env.BENCH_AGORA_KEYS) as { dataKeys: string; lookupKey: string }) : undefined;
    const env: Record<string, string> = process.env.BENCH_AGORA_ENV ? (JSON.parse(process.env.BENCH_AGORA_ENV) as Record<string, string>) : {};
    if (process.env.CHECKOUT_BATCHING !== undefined) env.CHECKOUT_BATCHING = process.env.CHECKOUT_BATCHING;
    const agora = await startAgora({ databaseUrl, memory: kind === 'agora-memory', keys, registerBenchUser: process.env.BENCH_AGORA_GENERATED !== '1', env, poolSize: process.env.BENCH_AGORA_POOL ? Number(process.env.BENCH_AGORA_POOL) : undefined });
    return { url: agora.url, detail: agora.detail, close: () => agora.close() };
  }
  throw new Error(`unknown target "${kind ?? ''}"`);
}

function send(message: TargetMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send) return resolve();
    process.send(message, () => resolve());
  });
}

try {
  const target = await start();
  let closing = false;
  const stop = async () => {
    if (closing) return;
    closing = true;
    try {
      await target.close();
    } finally {
      process.exit(0);
    }
  };
  process.on('message', (message) => {
    if (message === 'stop') void stop();
  });
  process.on('disconnect', () => void stop());
  await send({ type: 'ready', url: target.url, detail: target.detail });
} catch (error) {
  await send({ type: 'failed', error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.exit(1);
}
