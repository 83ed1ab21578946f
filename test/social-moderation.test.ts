/**
 * Reports, hiding and the prohibited-word list (R11) on both databases:
 * only an admin hides a note, only after a report, with a reason in the audit log;
 * operators have no power over notes about their products.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/app.js';
import { tableFingerprints } from './support/bad-input.js';
import { DATABASE_KINDS } from './support/databases.js';
import { given, pngImage, upload, type GivenOperator, type GivenUser } from './support/given.js';

for (const kind of DATABASE_KINDS) {
  describe(`moderation on ${kind}`, () => {
    let t: TestApp;
    let admin: GivenUser;
    let shop: GivenOperator;
    let product: any;

    beforeAll(async () => {
      t = await startTestApp(kind, { env: { PROHIBITED_WORDS: '全网第一, 加微信' } });
      admin = await given.admin(t);
      shop = await given.operator(t, admin);
      product = await given.product(t, shop);
    });
    afterAll(async () => {
      await t?.close();
    });

    const as = (u: GivenUser) => ({ token: u.token });

    it('R11: the operator of a tagged product can neither edit, delete nor hide the note; an admin hides it only after a report, with the reason audited', async () => {
      const [author, reporter] = [await given.user(t), await given.user(t)];
      const note = await given.note(t, author, [[product.id]], { title: '踩雷了', body: '这个面膜用了过敏 #避雷' });
      expect((await t.http.request('PATCH', `/notes/${note.id}`, { title: '很好用' }, as(shop.owner))).status).toBe(404);
      expect((await t.http.delete(`/notes/${note.id}`, undefined, as(shop.owner))).status).toBe(404);
      const byOperator = await t.http.post(`/admin/notes/${note.id}/hide`, { reason: '差评' }, as(shop.owner));
      expect([byOperator.status, byOperator.body.code]).toEqual([403, 'FORBIDDEN']);

      const unreported = await t.http.post(`/admin/notes/${note.id}/hide`, { reason: '违规' }, as(admin));
      expect([unreported.status, unreported.body.code]).toEqual([409, 'NOTE_NOT_REPORTED']);

      const report = await t.http.post(`/notes/${note.id}/reports`, { reason: '含有不实信息' }, as(reporter));
      expect(report.status).toBe(201);
      expect(report.body.report).toMatchObject({ noteId: note.id, reporterId: reporter.id, reason: '含有不实信息', status: 'open' });
      const again = await t.http.post(`/notes/${note.id}/reports`, { reason: '再举报一次' }, as(reporter));
      expect(again.body.report.id).toBe(report.body.report.id);
      const queue = await t.http.get('/admin/reports', as(admin));
      expect(queue.body.items.filter((r: any) => r.noteId === note.id)).toEqual([expect.objectContaining({ id: report.body.report.id, note: { id: note.id, title: '踩雷了', authorId: author.id, hidden: false } })]);
      expect((await t.http.get('/admin/reports', as(shop.owner))).status).toBe(403);

      const hidden = await t.http.post(`/admin/notes/${note.id}/hide`, { reason: '经核实含虚假宣传' }, as(admin));
      expect(hidden.status).toBe(200);
      expect(hidden.body.note).toMatchObject({ id: note.id, hidden: true, hiddenReason: '经核实含虚假宣传' });
      const audit = await t.http.get('/admin/audit-log?limit=100', as(admin));
      expect(audit.body.items.find((e: any) => e.targetId === note.id)).toMatchObject({ actorId: admin.id, action: 'note.hide', targetType: 'note', detail: { reason: '经核实含虚假宣传' } });
      // Gone for everyone else; its author and admins still see it, marked hidden.
      for (const viewer of [undefined, reporter, shop.owner]) expect((await t.http.get(`/notes/${note.id}`, viewer ? as(viewer) : {})).status).toBe(404);
      expect((await t.http.get(`/notes/${note.id}`, as(author))).body.hidden).toBe(true);
      expect((await t.http.get(`/notes/${note.id}`, as(admin))).body.hidden).toBe(true);
      expect((await t.http.get('/feed?limit=100')).body.items.some((n: any) => n.id === note.id)).toBe(false);
      expect((await t.http.get(`/users/${author.id}/notes`)).body.items).toEqual([]);
      expect((await t.http.post(`/notes/${note.id}/tags/${note.tags[0].id}/open`)).status).toBe(404);
      // The report is resolved, and hiding twice is refused.
      expect((await t.http.get('/admin/reports?status=resolved', as(admin))).body.items.find((r: any) => r.id === report.body.report.id)).toMatchObject({ status: 'resolved', resolution: 'hidden' });
      expect((await t.http.post(`/admin/notes/${note.id}/hide`, { reason: '再藏一次' }, as(admin))).body.code).toBe('NOTE_ALREADY_HIDDEN');
    });

    it('a prohibited word (from PROHIBITED_WORDS) blocks a note, an edit or a comment with 422 PROHIBITED_CONTENT, and nothing is stored', async () => {
      const author = await given.user(t);
      const url = (await upload(t, author.token, await pngImage('#0af'))).body.url;
      const note = await given.note(t, author);
      const before = await tableFingerprints(t);
      const attempts = [
        await t.http.post('/notes', { title: '全网第一好用', body: '真的', images: [{ url, tags: [] }] }, as(author)),
        await t.http.post('/notes', { title: '推荐', body: '想要的 加 微 信 聊', images: [{ url, tags: [] }] }, as(author)),
        await t.http.request('PATCH', `/notes/${note.id}`, { body: '全网第一' }, as(author)),
        await t.http.post(`/notes/${note.id}/comments`, { body: '全网第一！' }, as(author)),
      ];
      expect(attempts.map((r) => [r.status, r.body.code])).toEqual(Array.from({ length: 4 }, () => [422, 'PROHIBITED_CONTENT']));
      expect(attempts[1]!.body.word).toBe('加微信');
      expect(await tableFingerprints(t)).toEqual(before);
      // A word from the default list that this deployment did not configure is allowed.
      expect((await t.http.post('/notes', { title: '高仿', body: '只是标题里的词', images: [{ url, tags: [] }] }, as(author))).status).toBe(201);
    });
  });
}
