/**
 * The chat benchmark (bench/chat.ts, `npm run bench -- --only=chat`) on a small scale,
 * so its code cannot rot between the runs that matter: 20 conversations for 2 s on
 * PostgreSQL, two Agora processes and the SSE echo. It asserts that every message was
 * delivered once, on its stream, in order; never timings (the machine is shared).
 */
import { describe, expect, it } from 'vitest';
import { runChatBench } from '../bench/chat.js';
import { DATABASE_KINDS } from './support/databases.js';

if (DATABASE_KINDS.includes('postgres')) {
  describe('chat benchmark, small', () => {
    it('delivers every message once on the receiving stream, through the echo and through two Agora processes', async () => {
      const report = await runChatBench({ conversations: 20, rate: 20, durationS: 2, warmupS: 0, drainS: 5, conversationsPerShop: 10 }, () => {});
      for (const run of [report.baseline, report.agora]) {
        expect(run.streams).toMatchObject({ open: 20, dropped: 0 });
        expect(run.sent).toBe(40);
        expect(run.failures).toEqual({});
        expect(run.checks).toEqual({ accepted: 40, deliveredOnce: 40, duplicates: 0, lost: 0, stray: 0, outOfOrder: 0 });
      }
      expect(report.agora.streams.perProcess).toEqual([10, 10]);
      // Only the timing aim may be missed on this scale (the rate is far below 200/s).
      expect(report.problems.filter((p) => !p.includes('the aim is'))).toEqual([]);
    }, 120_000);
  });
}
