/**
 * What the search test sets share (test/search.test.ts, test/search-notes.test.ts):
 * a table of queries, each naming what must be in its first five results, and
 * walking every page of a search by its cursors.
 */
import { expect, it } from 'vitest';

export interface SearchCase<K extends string> {
  what: string;
  q: string;
  top5: K[];
}

/** One `it` per query: its first five results hold every key it names. */
export function itFindsEachInTopFive<K extends string>(cases: readonly SearchCase<K>[], top: (q: string) => Promise<string[]>): void {
  for (const c of cases) {
    it(`${c.what}: ${c.q} → ${c.top5.join(', ')}`, async () => {
      expect(await top(c.q)).toEqual(expect.arrayContaining<string>(c.top5));
    });
  }
}

type SearchPage = { items: { id: string }[]; nextCursor: string | null };

/** The ids of every page of `limit` items, following `nextCursor` to the end. */
export async function idsOfAllPages(page: (cursor: string | undefined) => Promise<SearchPage>, limit: number): Promise<string[]> {
  const seen: string[] = [];
  let cursor: string | undefined;
  do {
    const { items, nextCursor }: SearchPage = await page(cursor);
    expect(items.length).toBeLessThanOrEqual(limit);
    seen.push(...items.map((n) => n.id));
    cursor = nextCursor ?? undefined;
  } while (cursor);
  return seen;
}
