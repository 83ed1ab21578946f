/**
 * GET /search: one entry point over the kinds of things people search for. Each kind
 * is searched by the module that owns it (products: catalog); notes join when the
 * social module has them, until then asking for them is refused with a code a client
 * can act on rather than an empty page that would pass for "no note matches".
 *
 * @example
 *   const search = createSearchService({ catalog });
 *   const page = await search.search({ q: '降噪耳机', type: 'products', limit: 20 });
 */
import type { CatalogService } from '../catalog/index.js';
import { searchErrors } from './errors.js';

export type SearchType = 'products' | 'notes';

export interface SearchFilter {
  q: string;
  type: SearchType;
  limit: number;
  cursor?: string | undefined;
}

export function createSearchService(deps: { catalog: CatalogService }) {
  const { catalog } = deps;
  return {
    async search(filter: SearchFilter) {
      if (filter.type === 'notes') throw searchErrors.typeUnavailable(filter.type);
      return catalog.searchProducts({ q: filter.q, limit: filter.limit, cursor: filter.cursor });
    },
  };
}

export type SearchService = ReturnType<typeof createSearchService>;
