import { describe, expect, it } from 'vitest';
import { createReadThrough } from './read-through.js';

describe('createReadThrough', () => {
  it('loads only what it does not hold, keeps only what exists, and forgets on request', async () => {
    const cache = createReadThrough<string>({ max: 100, ttlMs: 60_000 });
    const asked: string[][] = [];
    const db = new Map([['a', 'Ann'], ['b', 'Bo']]);
    const load = async (missing: string[]) => {
      asked.push(missing);
      return new Map(missing.flatMap((id) => (db.has(id) ? [[id, db.get(id)!] as const] : [])));
    };
    expect(await cache.getMany(['a', 'b', 'x', 'a'], load)).toEqual(new Map([['a', 'Ann'], ['b', 'Bo']]));
    expect(await cache.getMany(['a', 'b', 'x'], load)).toEqual(new Map([['a', 'Ann'], ['b', 'Bo']]));
    // The second read asked only for the one that did not exist; an id created since is seen at once.
    db.set('x', 'Xi');
    expect(await cache.getMany(['x'], load)).toEqual(new Map([['x', 'Xi']]));
    expect(asked).toEqual([['a', 'b', 'x'], ['x'], ['x']]);
    db.set('a', 'Anna');
    expect((await cache.getMany(['a'], load)).get('a')).toBe('Ann');
    cache.forget(['a']);
    expect((await cache.getMany(['a'], load)).get('a')).toBe('Anna');
  });

  it('entries expire after ttlMs', async () => {
    const cache = createReadThrough<string>({ max: 100, ttlMs: 20 });
    let name = 'old';
    const load = async (missing: string[]) => new Map(missing.map((id) => [id, name] as const));
    expect((await cache.getMany(['u'], load)).get('u')).toBe('old');
    name = 'new';
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect((await cache.getMany(['u'], load)).get('u')).toBe('new');
  });
});
