import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startJobs, type Jobs } from '../src/jobs/index.js';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from './support/databases.js';

async function waitFor(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return check();
}

for (const kind of DATABASE_KINDS) {
  describe(`pg-boss jobs on ${kind}`, () => {
    let testDb: TestDatabase;
    let jobs: Jobs;
    const fired: { data: { n: number }; at: number }[] = [];

    beforeAll(async () => {
      testDb = await createTestDatabase(kind);
      jobs = await startJobs(testDb.database, { onError: (e) => console.error(e), pollingIntervalSeconds: 0.5 });
      await jobs.define<{ n: number }>('test.timer', async (data) => {
        fired.push({ data, at: Date.now() });
      });
    });
    afterAll(async () => {
      await jobs?.stop();
      await testDb?.drop();
    });

    it('a timer job enqueued inside a transaction fires after its delay', async () => {
      const sentAt = Date.now();
      await testDb.database.db.transaction().execute(async (tx) => {
        await jobs.enqueue(tx, 'test.timer', { n: 1 }, { startAfter: new Date(sentAt + 1500) });
      });
      await new Promise((r) => setTimeout(r, 700));
      expect(fired.find((f) => f.data.n === 1)).toBeUndefined(); // not before its time
      expect(await waitFor(() => fired.some((f) => f.data.n === 1), 10_000)).toBe(true);
      expect(fired.find((f) => f.data.n === 1)!.at - sentAt).toBeGreaterThanOrEqual(1500);
    });

    it('a job enqueued in a transaction that rolls back never exists', async () => {
      await expect(
        testDb.database.db.transaction().execute(async (tx) => {
          await jobs.enqueue(tx, 'test.timer', { n: 2 }, {});
          throw new Error('the change that needed the job failed');
        }),
      ).rejects.toThrow('the change that needed the job failed');
      await jobs.enqueue(testDb.database.db, 'test.timer', { n: 3 }, {});
      expect(await waitFor(() => fired.some((f) => f.data.n === 3), 10_000)).toBe(true);
      expect(fired.some((f) => f.data.n === 2)).toBe(false);
    });

    if (kind === 'pglite') {
      it("the PGlite adapter returns the rows of every statement of a multi-statement query", async () => {
        const bossDb = 'db' in testDb.database.boss ? testDb.database.boss.db : undefined;
        expect(bossDb).toBeDefined();
        const result = await bossDb!.executeSql('select 1 as a; select 2 as b union all select 3');
        expect(result.rows).toEqual([{ a: 1 }, { b: 2 }, { b: 3 }]);
      });
    }
  });
}
