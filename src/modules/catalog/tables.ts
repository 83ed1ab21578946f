import type { ColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

export type ReturnClass = 'returnable' | 'excluded' | 'excludable_with_consent';

export interface CategoriesTable {
  id: string;
  name_zh: string;
  name_en: string;
  /** R9: whether 7-day no-reason return applies. */
  return_class: ReturnClass;
  return_note: string;
  return_note_en: string;
  /** R16: the security deposit an operator selling in this category keeps, in fen. */
  deposit: number;
  position: number;
}

export interface ProductsTable {
  id: string;
  operator_id: string;
  title: string;
  description: string;
  category_id: string;
  images: ColumnType<string[], string, string>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface SkusTable {
  id: string;
  product_id: string;
  name: string;
  price: number;
  stock: number;
  group_price: number | null;
  group_size: number | null;
  bargain_floor: number | null;
  max_helpers: number | null;
  position: number;
  /** Removed from sale; kept because orders refer to it. */
  archived_at: Timestamp | null;
}

export interface AddOnsTable {
  id: string;
  product_id: string;
  title: string;
  price: number;
  position: number;
  archived_at: Timestamp | null;
}

/** One search document per product (src/lib/search-documents.ts), rewritten with it. */
export interface ProductSearchTable {
  product_id: string;
  /** tsvector; written from a literal with `searchColumns` (src/db/search.ts). */
  vector: string;
  /** tsvector: the words of the product's visible reviews (migration 0031); `vector` holds them too. */
  review_vector: ColumnType<string, string | undefined, string>;
}

export interface CatalogTables {
  categories: CategoriesTable;
  products: ProductsTable;
  product_search: ProductSearchTable;
  skus: SkusTable;
  add_ons: AddOnsTable;
}
