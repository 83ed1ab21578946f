/**
 * Conversations, live (issue 18 item 3): the server-sent event streams on both
 * databases (messages with `id: <seq>`, read receipts, typing, heartbeats, resuming
 * with Last-Event-ID, the shop inbox and the buyer's badge); on PostgreSQL with two
 * server processes, a message sent through one reaches a stream held on the other
 * within a second, and a stream resumed after a drop gets exactly what it missed.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestApp, startTwoProcesses, type TestApp } from './support/app.js';
import { DATABASE_KINDS } from './support/databases.js';
import { openEvents } from './support/events.js';
import { given, type GivenOperator, type GivenUser } from './support/given.js';

const bearer = (token: string, more: Record<string, string> = {}) => ({ authorization: `Bearer ${token}`, ...more });
type Stream = Awaited<ReturnType<typeof openEvents>>;

async function rig(t: TestApp) {
  const admin = await given.admin(t);
  const shop = await given.operator(t, admin);
  const buyer = await given.user(t);
  const opened = await t.http.post(`/operators/${shop.id}/conversations`, undefined, { token: buyer.token, headers: { 'idempotency-key': randomUUID() } });
  expect(opened.status, opened.text).toBe(200);
  return { shop, buyer, conversationId: opened.body.conversation.id as string };
}

async function say(t: TestApp, user: GivenUser, conversationId: string, text: string) {
  const res = await t.http.post(`/conversations/${conversationId}/messages`, { kind: 'text', text }, { token: user.token, headers: { 'idempotency-key': randomUUID() } });
  expect(res.status, res.text).toBe(201);
  return res.body.message as { seq: number; id: string };
}

/** The seqs of the `message` events a stream got so far. */
const seqsOf = (stream: Stream) => stream.messages.filter((m) => m.event === 'message').map((m) => Number(m.id));
async function untilSeqs(stream: Stream, count: number, ms = 8_000) {
  const until = Date.now() + ms;
  while (seqsOf(stream).length < count && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  return seqsOf(stream);
}

for (const kind of DATABASE_KINDS) {
  describe(`conversation streams on ${kind}`, () => {
    let t: TestApp;
    let shop: GivenOperator;
    let buyer: GivenUser;
    let conversationId: string;
    afterAll(async () => {
      await t?.close();
    });
    const url = (path: string) => `${t.url}/api/v1${path}`;

    // Starts the app too: more than the default 30 s on a loaded machine.
    it('messages with id: <seq> to both sides, the other side’s read receipt, typing, heartbeats; strangers get a problem', { timeout: 120_000 }, async () => {
      t = await startTestApp(kind, { env: { LIVE_HEARTBEAT_SECONDS: '1' } });
      ({ shop, buyer, conversationId } = await rig(t));
      const path = `/conversations/${conversationId}/events`;
      const shopStream = await openEvents(url(path), bearer(shop.owner.token));
      const buyerStream = await openEvents(url(path), bearer(buyer.token));
      expect(shopStream.response.status).toBe(200);
      expect(shopStream.response.headers.get('content-type')).toMatch(/^text\/event-stream/);
      await shopStream.next((d) => d.from === 'buyer' && d.upToSeq === 0);

      const sent = await say(t, buyer, conversationId, '在吗？加我 vx:abc_12345');
      const got = await shopStream.next((d) => d.seq === 1);
      expect(got).toMatchObject({ id: sent.id, from: 'buyer', text: '在吗？加我 vx:「***」', masked: true });
      expect(shopStream.messages.find((m) => m.event === 'message')!.id).toBe('1');
      await buyerStream.next((d) => d.seq === 1);

      // The shop reads: the buyer's stream gets the receipt.
      expect((await t.http.post(`/conversations/${conversationId}/read`, {}, { token: shop.owner.token, headers: { 'idempotency-key': randomUUID() } })).status).toBe(204);
      await buyerStream.next((d) => d.from === 'shop' && d.upToSeq === 1);
      // Typing reaches the other side only.
      expect((await t.http.post(`/conversations/${conversationId}/typing`, undefined, { token: shop.owner.token })).status).toBe(204);
      await buyerStream.next((d) => d.from === 'shop' && d.upToSeq === undefined);
      expect(buyerStream.messages.filter((m) => m.event === 'typing')).toHaveLength(1);
      expect(shopStream.messages.filter((m) => m.event === 'typing')).toHaveLength(0);

      // A watching buyer is not notified in the app of the answer it sees.
      await say(t, shop.owner, conversationId, '在的');
      await buyerStream.next((d) => d.seq === 2);
      const notes = await t.http.get('/me/notifications?limit=100', { token: buyer.token });
      expect(notes.body.items.filter((n: { kind: string }) => n.kind === 'conversation.message')).toEqual([]);

      await new Promise((r) => setTimeout(r, 1_300));
      expect(shopStream.comments.length).toBeGreaterThanOrEqual(1);
      expect(seqsOf(shopStream)).toEqual([1, 2]);
      await shopStream.close();
      await buyerStream.close();

      const stranger = await given.user(t);
      for (const [headers, status] of [[bearer(stranger.token), 404], [{}, 401]] as const) {
        const refused = await fetch(url(path), { headers });
        expect(refused.status).toBe(status);
        expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      }
    });

    it('resuming: Last-Event-ID (header or ?lastEventId=) sends exactly the messages after it, then live ones, each once', async () => {
      for (const text of ['三', '四', '五']) await say(t, buyer, conversationId, text);
      const path = `/conversations/${conversationId}/events`;
      const resumed = await openEvents(url(path), bearer(shop.owner.token, { 'last-event-id': '3' }));
      expect(await untilSeqs(resumed, 2)).toEqual([4, 5]);
      await say(t, buyer, conversationId, '六');
      expect(await untilSeqs(resumed, 3)).toEqual([4, 5, 6]);
      await resumed.close();
      const byQuery = await openEvents(url(`${path}?lastEventId=5`), bearer(buyer.token));
      expect(await untilSeqs(byQuery, 1)).toEqual([6]);
      await new Promise((r) => setTimeout(r, 300));
      expect(seqsOf(byQuery)).toEqual([6]);
      await byQuery.close();
      const bad = await fetch(url(`${path}?lastEventId=abc`), { headers: bearer(buyer.token) });
      expect(bad.status).toBe(400);
    });

    it("the shop inbox stream names the changed conversation with the shop's unread total; the buyer's badge stream its own", async () => {
      const inbox = await openEvents(url(`/operators/${shop.id}/conversations/events`), bearer(shop.owner.token));
      const badge = await openEvents(url('/me/conversations/events'), bearer(buyer.token));
      const start = await inbox.next(() => true);
      expect(start.conversationId).toBeNull();
      await badge.next((d) => typeof d.unreadTotal === 'number');
      await say(t, buyer, conversationId, '七');
      expect(await inbox.next((d) => d.conversationId === conversationId && d.unreadTotal === start.unreadTotal + 1)).toBeDefined();
      await say(t, shop.owner, conversationId, '收到');
      await badge.next((d) => d.unreadTotal === 1);
      await inbox.close();
      await badge.close();
      expect((await fetch(url(`/operators/${shop.id}/conversations/events`), { headers: bearer(buyer.token) })).status).toBe(404);
    });
  });
}

if (DATABASE_KINDS.includes('postgres')) {
  describe('conversations on PostgreSQL with two processes', () => {
    let a: TestApp;
    let b: TestApp;
    let close: (() => Promise<void>) | undefined;
    afterAll(() => close?.());

    it('a message sent through one process reaches a stream held on the other within a second; a resumed stream gets exactly what it missed', async () => {
      ({ a, b, close } = await startTwoProcesses({ poolSize: 20 }));
      const { shop, buyer, conversationId } = await rig(a);
      const path = `/api/v1/conversations/${conversationId}/events`;
      const stream = await openEvents(`${a.url}${path}`, bearer(shop.owner.token));
      await stream.next((d) => d.upToSeq === 0);
      const before = Date.now();
      await say(b, buyer, conversationId, '从另一台服务器发来');
      await stream.next((d) => d.seq === 1, 0, 1_000);
      expect(Date.now() - before).toBeLessThan(1_000);
      await stream.close();

      // Dropped: messages sent meanwhile through both processes, then resumed on B.
      await say(a, buyer, conversationId, '二');
      await say(b, shop.owner, conversationId, '三');
      const resumed = await openEvents(`${b.url}${path}`, bearer(shop.owner.token, { 'last-event-id': '1' }));
      expect(await untilSeqs(resumed, 2)).toEqual([2, 3]);

      // Many at once through both processes while streaming: every one, once, in order.
      await Promise.all(Array.from({ length: 10 }, (_, i) => say(i % 2 ? a : b, i % 3 ? buyer : shop.owner, conversationId, `并发 ${i}`)));
      expect(await untilSeqs(resumed, 12)).toEqual(Array.from({ length: 12 }, (_, i) => i + 2));
      await new Promise((r) => setTimeout(r, 300));
      expect(seqsOf(resumed)).toHaveLength(12);
      await resumed.close();
    });
  });
}
