/**
 * Feeds (API.md `GET /feed`) and consents (API.md "Privacy") on both databases:
 * following newest first, discover by engagement with time decay, cursors that never
 * repeat or skip a note while new ones arrive, and R6 personalisation only with consent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUR, MINUTE, DAY } from '../src/lib/clock.js';
import { COMMON_CHECK_MS } from '../src/modules/social/index.js';
import { startTestApp, type TestApp } from './support/app.js';
import { DATABASE_KINDS } from './support/databases.js';
import { given, type GivenUser } from './support/given.js';

for (const kind of DATABASE_KINDS) {
  describe(`feeds on ${kind}`, () => {
    let t: TestApp;

    beforeAll(async () => {
      t = await startTestApp(kind);
    });
    afterAll(async () => {
      await t?.close();
    });

    const as = (u: GivenUser) => ({ token: u.token });
    const like = async (noteId: string, times: number) => {
      for (let i = 0; i < times; i++) expect((await t.http.post(`/notes/${noteId}/like`, undefined, as(await given.user(t)))).status).toBe(200);
    };
    /** Every page of a feed from `first`, with `between` run after each page. */
    async function walk(path: string, viewer: GivenUser | undefined, between: () => Promise<void> = async () => {}) {
      const ids: string[] = [];
      let cursor: string | null = null;
      do {
        const res: any = await t.http.get(`${path}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, viewer ? as(viewer) : {});
        expect(res.status, res.text.slice(0, 300)).toBe(200);
        ids.push(...res.body.items.map((n: any) => n.id));
        cursor = res.body.nextCursor;
        await between();
      } while (cursor);
      return ids;
    }
    const only = (ids: string[], wanted: string[]) => ids.filter((id) => wanted.includes(id));

    it('following: the followed authors’ notes newest first; paging on while they post never repeats or skips one', async () => {
      const [reader, x, y, stranger] = [await given.user(t), await given.user(t), await given.user(t), await given.user(t)];
      for (const author of [x, y]) await t.http.post(`/users/${author.id}/follow`, undefined, as(reader));
      const posted: string[] = [];
      for (const author of [x, y, stranger, x, y, x]) {
        const note = await given.note(t, author);
        if (author !== stranger) posted.push(note.id);
        t.clock.advance(MINUTE);
      }
      const fresh: string[] = [];
      const seen = await walk('/feed?tab=following&limit=2', reader, async () => {
        fresh.push((await given.note(t, x)).id);
      });
      expect(seen).toEqual([...posted].reverse());
      // The notes posted meanwhile are on top of a new first page.
      expect((await t.http.get('/feed?tab=following&limit=3', as(reader))).body.items.map((n: any) => n.id)).toEqual([...fresh].reverse().slice(0, 3));
      const anonymous = await t.http.get('/feed?tab=following');
      expect([anonymous.status, anonymous.body.code]).toEqual([401, 'UNAUTHENTICATED']);
    });

    it('discover ranks by engagement with time decay: a liked note above an unliked one of the same age, a new note above an old, more-liked one', async () => {
      const a = await given.user(t);
      const old = await given.note(t, a);
      await like(old.id, 3);
      t.clock.advance(30 * HOUR);
      const quiet = await given.note(t, a);
      const liked = await given.note(t, a);
      await like(liked.id, 1);
      // (1 + 1) / 2^1.5 > 1 / 2^1.5 > (1 + 3) / 32^1.5
      const ids = await walk('/feed?tab=discover&limit=50', undefined);
      expect(only(ids, [old.id, quiet.id, liked.id])).toEqual([liked.id, quiet.id, old.id]);
    });

    it('discover: the ranking is frozen on the first page, so new notes and new likes never repeat or skip a note on later pages', async () => {
      const a = await given.user(t);
      const before: string[] = [];
      for (let i = 0; i < 7; i++) before.push((await given.note(t, a)).id);
      const first = await t.http.get('/feed?tab=discover&limit=3');
      const everything = first.body.items.map((n: any) => n.id) as string[];
      let cursor = first.body.nextCursor as string | null;
      const later: string[] = [];
      while (cursor) {
        // Meanwhile: new notes, and likes that would lift the last-ranked notes to the top.
        later.push((await given.note(t, a)).id);
        await like(before[0]!, 2);
        const res = await t.http.get(`/feed?tab=discover&limit=3&cursor=${encodeURIComponent(cursor)}`);
        expect(res.status).toBe(200);
        everything.push(...res.body.items.map((n: any) => n.id));
        cursor = res.body.nextCursor;
      }
      expect(new Set(everything).size).toBe(everything.length);
      expect(before.every((id) => everything.includes(id))).toBe(true);
      expect(later.some((id) => everything.includes(id))).toBe(false);
      // A fresh first page does see them.
      const again = await walk('/feed?tab=discover&limit=100', undefined);
      expect(later.every((id) => again.includes(id))).toBe(true);
    });

    it('R6: discover is personalised only after the personalised_feed consent, and personalised=false always gives the common ranking', async () => {
      const [viewer, friend, popular] = [await given.user(t), await given.user(t), await given.user(t)];
      await t.http.post(`/users/${friend.id}/follow`, undefined, as(viewer));
      t.clock.advance(DAY);
      const theirs = await given.note(t, popular);
      await like(theirs.id, 1);
      t.clock.advance(MINUTE);
      const friends = await given.note(t, friend);
      const order = async (query: string, who?: GivenUser) => {
        const res = await t.http.get(`/feed?tab=discover&limit=100${query}`, who ? as(who) : {});
        expect(res.status).toBe(200);
        return [res.body.personalised, only(res.body.items.map((n: any) => n.id), [theirs.id, friends.id])];
      };
      const common = [theirs.id, friends.id];
      const consents = await t.http.get('/me/consents', as(viewer));
      expect(consents.body.items).toEqual(
        ['marketing', 'share_with_operator_marketing', 'personalised_feed', 'sensitive_identity', 'qa_invitations'].map((purpose) =>
          expect.objectContaining({ purpose, granted: false, textVersion: null, at: null, version: expect.any(String), text: { 'zh-CN': expect.any(String), en: expect.any(String) } }),
        ),
      );
      expect(await order('', viewer)).toEqual([false, common]);
      expect(await order('&personalised=true', viewer)).toEqual([false, common]);

      const granted = await t.http.put('/me/consents/personalised_feed', { granted: true }, as(viewer));
      expect(granted.status).toBe(200);
      expect(granted.body.consent).toMatchObject({ purpose: 'personalised_feed', granted: true, textVersion: expect.any(String), at: t.clock.now().toISOString() });
      expect(await order('', viewer)).toEqual([true, [friends.id, theirs.id]]);
      expect(await order('&personalised=false', viewer)).toEqual([false, common]);
      expect(await order('')).toEqual([false, common]);

      expect((await t.http.put('/me/consents/personalised_feed', { granted: false }, as(viewer))).status).toBe(200);
      expect(await order('', viewer)).toEqual([false, common]);
      expect((await t.http.get('/me/consents', as(viewer))).body.items[2]).toMatchObject({ purpose: 'personalised_feed', granted: false });
    });

    it('a personalised discover cursor works only for its viewer, the common one for anyone, each for a day; a made-up one is refused', async () => {
      const [viewer, other] = [await given.user(t), await given.user(t)];
      await given.note(t, viewer);
      await given.note(t, viewer);
      const common = encodeURIComponent((await t.http.get('/feed?tab=discover&limit=1', as(viewer))).body.nextCursor);
      expect((await t.http.put('/me/consents/personalised_feed', { granted: true }, as(viewer))).status).toBe(200);
      const first = await t.http.get('/feed?tab=discover&limit=1', as(viewer));
      expect(first.body.personalised).toBe(true);
      const personal = encodeURIComponent(first.body.nextCursor);
      for (const [label, res] of [
        ['the common cursor, another viewer', await t.http.get(`/feed?tab=discover&limit=1&cursor=${common}`, as(other))],
        ['the common cursor, signed out', await t.http.get(`/feed?tab=discover&limit=1&cursor=${common}`)],
        ['the personalised cursor, its viewer', await t.http.get(`/feed?tab=discover&limit=1&cursor=${personal}`, as(viewer))],
      ] as const) {
        expect([label, res.status, res.body.personalised]).toEqual([label, 200, label.startsWith('the personalised')]);
      }
      for (const [label, res] of [
        ['the personalised cursor, another viewer', await t.http.get(`/feed?tab=discover&limit=1&cursor=${personal}`, as(other))],
        ['the personalised cursor, signed out', await t.http.get(`/feed?tab=discover&limit=1&cursor=${personal}`)],
        ['made up', await t.http.get('/feed?tab=discover&cursor=not-a-cursor')],
      ] as const) {
        expect([label, res.status, res.body.code]).toEqual([label, 400, 'VALIDATION_FAILED']);
      }
      t.clock.advance(DAY + MINUTE);
      const login = await t.http.post('/auth/login', { phone: viewer.phone, password: viewer.password });
      expect((await t.http.get(`/feed?tab=discover&limit=1&cursor=${personal}`, { token: login.body.token })).status).toBe(400);
      expect((await t.http.get(`/feed?tab=discover&limit=1&cursor=${common}`)).status).toBe(400);
    });

    it('the common ranking is shared for a minute while no note arrives: a first page then costs no ranking, and a new note shows at once', async () => {
      const a = await given.user(t);
      const [older, newer] = [await given.note(t, a), await given.note(t, a)];
      const top = async () => only(await walk('/feed?tab=discover&limit=100', undefined), [older.id, newer.id]);
      expect(await top()).toEqual([newer.id, older.id]);
      const snapshots = async () => Number((await t.ctx.database.db.selectFrom('feed_snapshots').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
      const before = await snapshots();
      await like(older.id, 2);
      expect(await top()).toEqual([newer.id, older.id]);
      expect(await snapshots()).toBe(before);
      t.clock.advance(MINUTE + 1000);
      expect(await top()).toEqual([older.id, newer.id]);
      const newest = await given.note(t, a);
      expect((await walk('/feed?tab=discover&limit=100', undefined)).includes(newest.id)).toBe(true);
    });

    it('a note posted through another server process shows in this one’s discover within COMMON_CHECK_MS', async () => {
      // A second app on the same database: its own process-level caches, as another process has.
      const other = await startTestApp(kind, { testDb: t.testDb });
      try {
        other.clock.set(t.clock.now());
        const a = await given.user(other);
        const firstPage = async () => (await t.http.get('/feed?tab=discover&limit=100')).body.items.map((n: any) => n.id) as string[];
        await firstPage();
        const elsewhere = await given.note(other, a);
        // This process answers from its last look for up to a second; then it looks again and ranks anew.
        t.clock.advance(COMMON_CHECK_MS);
        expect(await firstPage()).toContain(elsewhere.id);
      } finally {
        await other.close();
      }
    });
  });
}
