/**
 * Catalog reads shared by pages: product lists (paged), categories, and the
 * category texts in the reader's language.
 */
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api, type Category, type ProductQuery } from './api';

export const PRODUCTS_KEY = 'products';

/** GET /products, newest first, a page at a time ("load more"). */
export function useProductList(params: Omit<ProductQuery, 'cursor'>, enabled = true) {
  return useInfiniteQuery({
    queryKey: [PRODUCTS_KEY, params],
    queryFn: ({ pageParam }) => api.products({ ...params, ...(pageParam ? { cursor: pageParam } : {}) }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled,
  });
}

/** GET /categories: fixed platform data, read once a visit. */
export function useCategories() {
  return useQuery({ queryKey: ['categories'], queryFn: api.categories, staleTime: Infinity });
}

export function categoryName(category: Pick<Category, 'name' | 'nameEn'>, language: string | undefined): string {
  return language === 'en' ? category.nameEn : category.name;
}

/** R9: the category's return rule, in the reader's language. */
export function returnNote(category: Pick<Category, 'returnNote' | 'returnNoteEn'>, language: string | undefined): string {
  return language === 'en' ? category.returnNoteEn : category.returnNote;
}
