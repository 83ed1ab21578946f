/**
 * Issue 16: an author sees the note just posted at the top of their own discover feed
 * at once (a new note has no engagement and would rank below older, liked ones), while
 * others still get the plain ranking, and paging on never repeats or skips a note.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUR, MINUTE } from '../src/lib/clock.js';
import { startTestApp, type TestApp } from './support/app.js';
import { given, type GivenUser } from './support/given.js';

describe('discover: the author’s own new notes first (PGlite)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('pglite');
  });
  afterAll(async () => {
    await t?.close();
  });

  const as = (u: GivenUser) => ({ token: u.token });
  const ids = (res: any): string[] => res.body.items.map((n: any) => n.id);

  async function walk(viewer: GivenUser | undefined, limit: number): Promise<string[]> {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: any = await t.http.get(`/feed?tab=discover&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, viewer ? as(viewer) : {});
      expect(res.status, res.text.slice(0, 300)).toBe(200);
      seen.push(...ids(res));
      cursor = res.body.nextCursor;
    } while (cursor);
    return seen;
  }

  it('puts a just-posted note first for its author only, once across pages, and lets it rank normally after the window', async () => {
    const [author, reader, fan] = [await given.user(t), await given.user(t), await given.user(t)];
    // Older notes that readers liked: they outrank a brand-new one.
    const liked: string[] = [];
    for (let i = 0; i < 6; i++) {
      const note = await given.note(t, await given.user(t));
      expect((await t.http.post(`/notes/${note.id}/like`, undefined, as(fan))).status).toBe(200);
      liked.push(note.id);
      t.clock.advance(MINUTE);
    }
    t.clock.advance(30 * MINUTE);
    const mine = await given.note(t, author);

    const authorFirst = await t.http.get('/feed?tab=discover&limit=3', as(author));
    expect(authorFirst.status).toBe(200);
    expect(ids(authorFirst)[0]).toBe(mine.id);
    const readerFirst = await t.http.get('/feed?tab=discover&limit=3', as(reader));
    expect(ids(readerFirst)).not.toContain(mine.id);
    const anonymousFirst = await t.http.get('/feed?tab=discover&limit=3');
    expect(ids(anonymousFirst)).not.toContain(mine.id);

    // Every note exactly once, for the author as for anyone else.
    const everyone = await walk(reader, 3);
    const authorSees = await walk(author, 3);
    expect(authorSees[0]).toBe(mine.id);
    expect([...authorSees].sort()).toEqual([...everyone].sort());
    expect(new Set(authorSees).size).toBe(authorSees.length);
    for (const id of [...liked, mine.id]) expect(authorSees).toContain(id);

    // Past the window the note takes its place in the ranking like any other.
    t.clock.advance(2 * HOUR);
    await given.note(t, await given.user(t)); // a newer note makes the shared ranking fresh
    const later = await t.http.get('/feed?tab=discover&limit=3', as(author));
    expect(ids(later)[0]).not.toBe(mine.id);
  });
});
