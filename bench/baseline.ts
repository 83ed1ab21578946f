/**
 * The baseline: a bare Fastify 5 app (no logger, no plugins) with the two cheapest
 * routes there are. Every Agora figure is reported as a ratio against these,
 * measured in the same run on the same machine.
 */
import Fastify, { type FastifyInstance } from 'fastify';

export async function buildBaselineApp(): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  app.get('/ping', async () => ({ ok: true }));
  app.post('/echo', async (request) => request.body);
  return app;
}
