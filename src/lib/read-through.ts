/**
 * A read-through cache of reference data that other modules read on every note view
 * and that rarely changes (display names, a tagged product's title and prices).
 *
 * Why: a feed page or note page reads them for every request, each read a round trip
 * to PostgreSQL; at 1M notes this was a third of a feed request's statements.
 * Entries live `ttlMs`: the owning module forgets what it changes in this process at
 * once (after its commit), and another process sees the change within `ttlMs`. Only
 * values found are kept, so something created is seen at once everywhere.
 *
 * @example
 *   const names = createReadThrough<string>({ max: 100_000, ttlMs: 10_000 });
 *   const found = await names.getMany(ids, async (missing) => new Map(await repo.names(db, missing)));
 */
import { LRUCache } from 'lru-cache';

export interface ReadThrough<V> {
  /** The values of `ids` that exist: from the cache, the rest from `load` (given only the ids not cached). */
  getMany(ids: readonly string[], load: (missing: string[]) => Promise<Map<string, V>>): Promise<Map<string, V>>;
  /** Drop these ids (their owner changed them). */
  forget(ids: Iterable<string>): void;
}

export function createReadThrough<V extends object | string>(options: { max: number; ttlMs: number }): ReadThrough<V> {
  const cache = new LRUCache<string, V>({ max: options.max, ttl: options.ttlMs });
  return {
    async getMany(ids, load) {
      const found = new Map<string, V>();
      const missing: string[] = [];
      for (const id of new Set(ids)) {
        const value = cache.get(id);
        if (value === undefined) missing.push(id);
        else found.set(id, value);
      }
      if (missing.length > 0) {
        for (const [id, value] of await load(missing)) {
          cache.set(id, value);
          found.set(id, value);
        }
      }
      return found;
    },
    forget(ids) {
      for (const id of ids) cache.delete(id);
    },
  };
}
