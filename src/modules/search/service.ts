/**
 * GET /search: one entry point over the kinds of things people search for. Each kind
 * is searched by the module that owns it (products: catalog; notes: social), ranked
 * the same way (src/db/search.ts) and paged the same way (the cursor is an offset).
 *
 * @example
 *   const search = createSearchService({ catalog, social });
 *   const page = await search.search({ q: '降噪耳机', type: 'products', limit: 20 });
 *   const notes = await search.search({ q: '面霜 敏感肌', type: 'notes', limit: 20 }, viewerId);
 */
import type { CatalogService } from '../catalog/index.js';
import type { SocialService } from '../social/index.js';

export type SearchType = 'products' | 'notes';

export interface SearchFilter {
  q: string;
  type: SearchType;
  limit: number;
  cursor?: string | undefined;
}

export function createSearchService(deps: { catalog: CatalogService; social: SocialService }) {
  const { catalog, social } = deps;
  return {
    /** `viewerId` (signed in) fills a note's `liked` and `collected`, as in the feed. */
    async search(filter: SearchFilter, viewerId?: string) {
      const page = { q: filter.q, limit: filter.limit, cursor: filter.cursor };
      return filter.type === 'notes' ? social.notes.search(page, viewerId) : catalog.searchProducts(page);
    },
  };
}

export type SearchService = ReturnType<typeof createSearchService>;
