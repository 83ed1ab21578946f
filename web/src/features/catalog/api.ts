/**
 * The catalog's calls (API.md "Catalog") and the reads shared by pages: product lists
 * (paged), categories, the storefront, and the category texts in the reader's language.
 */
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { at, call, client, type ItemOf, type QueryOf, type ResponseOf } from '../../api/client';

export type Category = ResponseOf<'/categories'>[number];
export type ReturnClass = Category['returnClass'];
export type Product = ResponseOf<'/products/{id}'>;
export type Sku = Product['skus'][number];
export type AddOn = Product['addOns'][number];
export type ProductSummary = ItemOf<ResponseOf<'/products'>>;
export type ProductQuery = QueryOf<'/products'>;
/** GET /operators/:id: the public storefront. */
export type Storefront = ResponseOf<'/operators/{id}'>;

const byId = (id: string) => at({ id });

export const catalogApi = {
  categories: () => call(client.GET('/categories')),
  products: (params: ProductQuery) => call(client.GET('/products', { params: { query: params } })),
  product: (productId: string) => call(client.GET('/products/{id}', byId(productId))),
  storefront: (operatorId: string) => call(client.GET('/operators/{id}', byId(operatorId))),
};

export const PRODUCTS_KEY = 'products';

/** GET /products, newest first, a page at a time ("load more"). */
export function useProductList(params: Omit<ProductQuery, 'cursor'>, enabled = true) {
  return useInfiniteQuery({
    queryKey: [PRODUCTS_KEY, params],
    queryFn: ({ pageParam }) => catalogApi.products({ ...params, ...(pageParam ? { cursor: pageParam } : {}) }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled,
  });
}

/** GET /categories: fixed platform data, read once a visit. */
export function useCategories() {
  return useQuery({ queryKey: ['categories'], queryFn: catalogApi.categories, staleTime: Infinity });
}

export function categoryName(category: Pick<Category, 'name' | 'nameEn'>, language: string | undefined): string {
  return language === 'en' ? category.nameEn : category.name;
}

/** R9: the category's return rule, in the reader's language. */
export function returnNote(category: Pick<Category, 'returnNote' | 'returnNoteEn'>, language: string | undefined): string {
  return language === 'en' ? category.returnNoteEn : category.returnNote;
}
