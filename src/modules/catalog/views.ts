/**
 * What the catalog takes in and shows: product input, product, SKU and category
 * views, and what other modules read of products (note tags, bargain offers).
 */
import type { CategoryRow, SkuRow } from './repo.js';
import type { ReturnClass } from './tables.js';

export interface SkuInput {
  id?: string | undefined;
  name: string;
  price: number;
  stock: number;
  groupPrice?: number | undefined;
  groupSize?: number | undefined;
  bargainFloor?: number | undefined;
  maxHelpers?: number | undefined;
}
export interface AddOnInput {
  id?: string | undefined;
  title: string;
  price: number;
}
export interface ProductInput {
  title: string;
  description: string;
  category?: string | undefined;
  images: string[];
  skus: SkuInput[];
  addOns?: AddOnInput[] | undefined;
}
export type ProductPatch = Partial<ProductInput>;

export interface CategoryView {
  id: string;
  name: string;
  nameEn: string;
  returnClass: ReturnClass;
  returnNote: string;
  returnNoteEn: string;
  deposit: number;
}

export interface SkuView {
  id: string;
  name: string;
  price: number;
  stock: number;
  groupPrice: number | null;
  groupSize: number | null;
  bargainFloor: number | null;
  maxHelpers: number | null;
}

export interface ProductView {
  id: string;
  title: string;
  description: string;
  category: string;
  categoryInfo: CategoryView;
  images: string[];
  operator: { id: string; shopName: string };
  available: boolean;
  skus: SkuView[];
  addOns: { id: string; title: string; price: number }[];
  createdAt: string;
  updatedAt: string;
}

export interface ProductFilter {
  /** Words to search for (Chinese, English or both): the best matches come first. */
  q?: string | undefined;
  operatorId?: string | undefined;
  category?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

export interface ProductSummary {
  id: string;
  title: string;
  category: string;
  image: string;
  price: number;
  groupPrice: number | null;
  operator: { id: string; shopName: string };
  available: boolean;
}

export const categoryView = (row: CategoryRow): CategoryView => ({
  id: row.id,
  name: row.name_zh,
  nameEn: row.name_en,
  returnClass: row.return_class,
  returnNote: row.return_note,
  returnNoteEn: row.return_note_en,
  deposit: row.deposit,
});

export const skuView = (row: SkuRow): SkuView => ({
  id: row.id,
  name: row.name,
  price: row.price,
  stock: row.stock,
  groupPrice: row.group_price,
  groupSize: row.group_size,
  bargainFloor: row.bargain_floor,
  maxHelpers: row.max_helpers,
});

/** A SKU's bargain terms with what a bargain on it shows (the bargain module publishes and runs them). */
export interface BargainOffer {
  skuId: string;
  skuName: string;
  productId: string;
  title: string;
  image: string;
  operatorId: string;
  price: number;
  floor: number;
  maxHelpers: number;
}

/** What a note's tag shows of a product (API.md "Social": `product: { id, title, price }`). */
export interface TagTarget {
  id: string;
  title: string;
  operatorId: string;
  /** Lowest live SKU price, fen. */
  price: number;
  skuPrices: Map<string, number>;
}
