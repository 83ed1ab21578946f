/**
 * A bargain's live progress: `GET /bargains/:id/events` sends the
 * bargain at once and again after every help, on both databases; on PostgreSQL a
 * client of one server process sees a help made through another (LISTEN/NOTIFY).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { startTestApp, startTwoProcesses, type TestApp } from './support/app.js';
import { DATABASE_KINDS } from './support/databases.js';
import { openEvents } from './support/events.js';
import { given } from './support/given.js';

/** A shop's product with a bargain offer (¥129.00 down to ¥88.00 in at most 5 helps) and a started bargain. */
async function startedBargain(t: TestApp) {
  const shop = await given.operator(t, await given.admin(t), { viaSms: false });
  const product = await given.product(t, shop, { skus: [{ name: '标准', price: 12_900, stock: 5, bargainFloor: 8_800, maxHelpers: 5 }] });
  const buyer = await given.user(t, { viaSms: false });
  const started = await t.http.post('/bargains', { skuId: product.skus[0].id }, { token: buyer.token });
  expect(started.status, started.text).toBe(201);
  return started.body.bargain as { id: string; current: number };
}

for (const kind of DATABASE_KINDS) {
  describe(`bargain events on ${kind}`, () => {
    let t: TestApp;
    afterAll(async () => {
      await t?.close();
    });

    it('the stream sends the bargain at once and after each help, in exact fen; an unknown bargain is a 404 problem', async () => {
      t = await startTestApp(kind);
      const bargain = await startedBargain(t);
      const stream = await openEvents(`${t.url}/api/v1/bargains/${bargain.id}/events`);
      expect([stream.response.status, stream.response.headers.get('content-type')]).toEqual([200, expect.stringMatching(/^text\/event-stream/)]);
      expect((await stream.next((b) => b.helps.length === 0)).current).toBe(12_900);
      const helper = await given.user(t, { viaSms: false, verify: 'phone' });
      const help = await t.http.post(`/bargains/${bargain.id}/help`, undefined, { token: helper.token });
      expect(help.status, help.text).toBe(200);
      const after = await stream.next((b) => b.helps.length === 1);
      expect([after.current, after.remaining]).toEqual([help.body.current, help.body.current - 8_800]);
      await stream.close();

      const missing = await fetch(`${t.url}/api/v1/bargains/no-such-bargain/events`);
      expect([missing.status, missing.headers.get('content-type')]).toEqual([404, expect.stringMatching(/^application\/problem\+json/)]);
    });
  });
}

if (DATABASE_KINDS.includes('postgres')) {
  describe('bargain events across two processes on PostgreSQL', () => {
    let a: TestApp;
    let b: TestApp;
    let close: (() => Promise<void>) | undefined;
    afterAll(() => close?.());

    it('a help made through process B reaches a client of process A', async () => {
      ({ a, b, close } = await startTwoProcesses());
      const bargain = await startedBargain(a);
      const stream = await openEvents(`${a.url}/api/v1/bargains/${bargain.id}/events`);
      await stream.next((x) => x.helps.length === 0);
      const helper = await given.user(b, { viaSms: false, verify: 'phone' });
      const help = await b.http.post(`/bargains/${bargain.id}/help`, undefined, { token: helper.token });
      expect(help.status, help.text).toBe(200);
      expect((await stream.next((x) => x.helps.length === 1)).current).toBe(help.body.current);
      await stream.close();
    });
  });
}
