/** Likes, collects, comments, follows and profiles (API.md "Social") on both databases; counts exact under concurrency. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/app.js';
import { DATABASE_KINDS } from './support/databases.js';
import { given, type GivenUser } from './support/given.js';

for (const kind of DATABASE_KINDS) {
  describe(`engagement on ${kind}`, () => {
    let t: TestApp;
    let product: any;

    beforeAll(async () => {
      t = await startTestApp(kind, { poolSize: 20 });
      const admin = await given.admin(t);
      product = await given.product(t, await given.operator(t, admin));
    });
    afterAll(async () => {
      await t?.close();
    });

    const user = (displayName = '路人') => given.user(t, { displayName });
    const as = (u: GivenUser) => ({ token: u.token });

    it('likes and collects are idempotent, answer the count, and show on the note as the viewer sees it', async () => {
      const [a, b] = [await user(), await user()];
      const note = await given.note(t, a, [[product.id]]);
      expect((await t.http.post(`/notes/${note.id}/like`, undefined, as(b))).body).toEqual({ likes: 1, liked: true });
      expect((await t.http.post(`/notes/${note.id}/like`, undefined, as(b))).body).toEqual({ likes: 1, liked: true });
      expect((await t.http.post(`/notes/${note.id}/collect`, undefined, as(b))).body).toEqual({ collects: 1, collected: true });
      expect((await t.http.get(`/notes/${note.id}`, as(b))).body).toMatchObject({ likes: 1, collects: 1, liked: true, collected: true });
      expect((await t.http.get(`/notes/${note.id}`, as(a))).body).toMatchObject({ likes: 1, liked: false, collected: false });
      expect((await t.http.get(`/users/${b.id}/collects`)).body.items.map((n: any) => n.id)).toEqual([note.id]);
      expect((await t.http.delete(`/notes/${note.id}/like`, undefined, as(b))).body).toEqual({ likes: 0, liked: false });
      expect((await t.http.delete(`/notes/${note.id}/like`, undefined, as(b))).body).toEqual({ likes: 0, liked: false });
      expect((await t.http.delete(`/notes/${note.id}/collect`, undefined, as(b))).body).toEqual({ collects: 0, collected: false });
      expect((await t.http.get(`/users/${b.id}/collects`)).body.items).toEqual([]);
      expect((await t.http.post('/notes/no-such-note/like', undefined, as(b))).status).toBe(404);
    });

    it('50 users liking at once, each twice, count exactly 50; half of them taking it back at once leaves exactly 25', { timeout: 120_000 }, async () => {
      const a = await user();
      const note = await given.note(t, a);
      const fans: GivenUser[] = [];
      for (let i = 0; i < 50; i++) fans.push(await user(`粉丝${i}`));
      const likes = await Promise.all(fans.flatMap((f) => [t.http.post(`/notes/${note.id}/like`, undefined, as(f)), t.http.post(`/notes/${note.id}/like`, undefined, as(f))]));
      expect(likes.every((r) => r.status === 200)).toBe(true);
      expect((await t.http.get(`/notes/${note.id}`)).body.likes).toBe(50);
      const rows = await t.ctx.database.db.selectFrom('note_likes').select((eb) => eb.fn.countAll<number>().as('n')).where('note_id', '=', note.id).executeTakeFirstOrThrow();
      expect(Number(rows.n)).toBe(50);
      const unlikes = await Promise.all(fans.slice(0, 25).flatMap((f) => [t.http.delete(`/notes/${note.id}/like`, undefined, as(f)), t.http.delete(`/notes/${note.id}/like`, undefined, as(f))]));
      expect(unlikes.every((r) => r.status === 200)).toBe(true);
      expect((await t.http.get(`/notes/${note.id}`)).body.likes).toBe(25);
      expect(Math.min(...unlikes.map((r) => r.body.likes))).toBe(25);
    });

    it('comments take one level of replies; a reply to a reply or to another note’s comment is refused; the list pages with replies inside', async () => {
      const [a, b, c] = [await user('作者'), await user('评论者'), await user('回复者')];
      const note = await given.note(t, a);
      const other = await given.note(t, a);
      const first = await t.http.post(`/notes/${note.id}/comments`, { body: '请问敏感肌能用吗？' }, as(b));
      expect(first.status).toBe(201);
      expect(first.body.comment).toMatchObject({ noteId: note.id, parentId: null, author: { id: b.id, displayName: '评论者' }, body: '请问敏感肌能用吗？' });
      const reply = await t.http.post(`/notes/${note.id}/comments`, { body: '可以的', parentId: first.body.comment.id }, as(a));
      expect(reply.status).toBe(201);
      const deeper = await t.http.post(`/notes/${note.id}/comments`, { body: '真的吗', parentId: reply.body.comment.id }, as(c));
      expect([deeper.status, deeper.body.code, deeper.body.errors?.[0]?.path]).toEqual([400, 'VALIDATION_FAILED', '/body/parentId']);
      const foreign = await t.http.post(`/notes/${other.id}/comments`, { body: '串门', parentId: first.body.comment.id }, as(c));
      expect(foreign.status).toBe(400);
      const second = await t.http.post(`/notes/${note.id}/comments`, { body: '第二条' }, as(c));
      expect(second.status).toBe(201);
      expect((await t.http.get(`/notes/${note.id}`)).body.comments).toBe(3);
      const page1 = await t.http.get(`/notes/${note.id}/comments?limit=1`);
      expect(page1.body.items).toHaveLength(1);
      expect(page1.body.items[0]).toMatchObject({ id: first.body.comment.id, replies: [{ id: reply.body.comment.id, parentId: first.body.comment.id, body: '可以的' }] });
      const page2 = await t.http.get(`/notes/${note.id}/comments?limit=1&cursor=${page1.body.nextCursor}`);
      expect(page2.body.items.map((x: any) => [x.id, x.replies])).toEqual([[second.body.comment.id, []]]);
      const page3 = await t.http.get(`/notes/${note.id}/comments?limit=1&cursor=${page2.body.nextCursor}`);
      expect(page3.body).toEqual({ items: [], nextCursor: null });
    });

    it('follows are idempotent, not of oneself nor of no one; profiles count notes, followers and following; followers list newest first', async () => {
      const [star, f1, f2] = [await user('博主'), await user('粉丝甲'), await user('粉丝乙')];
      const note = await given.note(t, star);
      await t.http.post(`/notes/${note.id}/like`, undefined, as(f1));
      expect((await t.http.post(`/users/${star.id}/follow`, undefined, as(f1))).body).toEqual({ following: true, followers: 1 });
      expect((await t.http.post(`/users/${star.id}/follow`, undefined, as(f1))).body).toEqual({ following: true, followers: 1 });
      expect((await t.http.post(`/users/${star.id}/follow`, undefined, as(f2))).body).toEqual({ following: true, followers: 2 });
      const self = await t.http.post(`/users/${star.id}/follow`, undefined, as(star));
      expect([self.status, self.body.code]).toEqual([409, 'SELF_FOLLOW']);
      expect((await t.http.post('/users/no-such-user/follow', undefined, as(f1))).status).toBe(404);
      expect((await t.http.get(`/users/${star.id}`, as(f1))).body).toEqual({ id: star.id, displayName: '博主', notes: 1, followers: 2, following: 0, likesAndCollects: 1, followedByMe: true });
      expect((await t.http.get(`/users/${f1.id}`)).body).toMatchObject({ following: 1, followers: 0, followedByMe: false });
      const followers = await t.http.get(`/users/${star.id}/followers`);
      expect(followers.body.items.map((x: any) => [x.id, x.displayName])).toEqual([[f2.id, '粉丝乙'], [f1.id, '粉丝甲']]);
      expect((await t.http.delete(`/users/${star.id}/follow`, undefined, as(f1))).body).toEqual({ following: false, followers: 1 });
      expect((await t.http.delete(`/users/${star.id}/follow`, undefined, as(f1))).body).toEqual({ following: false, followers: 1 });
      expect((await t.http.get(`/users/${star.id}/notes`)).body.items.map((n: any) => n.id)).toEqual([note.id]);
      expect((await t.http.get('/users/no-such-user')).status).toBe(404);
    });
  });
}
