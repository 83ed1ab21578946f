/**
 * The product editor's draft: what the operator typed, as text, and its checks
 * before sending. Prices are typed in yuan ("129.00") and become integer fen through
 * `parseYuan`; the rules mirror the server's (API.md "Catalog", RULES.md bargains),
 * which checks everything again.
 */
import type { Messages } from '../../app/locales/zh-CN';
import { fenToYuan, parseYuan } from '../../lib/money';
import { lengthBetween } from './registration';
import type { Product } from '../catalog/api';
import type { ProductInput, SkuInput } from './api';

export const MAX_IMAGES = 9;
export const MAX_SKUS = 50;
export const MAX_ADD_ONS = 10;
/** API.md: `maxHelpers` defaults to 10 where `bargainFloor` is set. */
export const DEFAULT_MAX_HELPERS = 10;

export interface SkuDraft {
  key: string;
  id?: string;
  name: string;
  price: string;
  stock: string;
  groupPrice: string;
  groupSize: string;
  bargainFloor: string;
  maxHelpers: string;
}

export interface AddOnDraft {
  key: string;
  id?: string;
  title: string;
  price: string;
}

export interface ImageDraft {
  url: string;
  /** The thumbnail from POST /uploads, or the image itself when editing. */
  preview: string;
}

export interface ProductDraft {
  title: string;
  description: string;
  category: string;
  images: ImageDraft[];
  skus: SkuDraft[];
  addOns: AddOnDraft[];
}

export type DraftProblemKey = `editor.invalid.${keyof Messages['editor']['invalid']}`;
/** A problem under one input: found here (a message key) or by the server (its words). */
export type DraftProblem = { key: DraftProblemKey; values?: Record<string, string | number> } | { text: string };
/** Keyed like the inputs' names: `title`, `images`, `skus.0.price`, `addOns.1.title`. */
export type DraftProblems = Record<string, DraftProblem>;

let counter = 0;
/** A key for a new row, stable while it is edited. */
export function rowKey(): string {
  counter += 1;
  return `row-${counter}`;
}

export function emptySku(): SkuDraft {
  return { key: rowKey(), name: '', price: '', stock: '', groupPrice: '', groupSize: '', bargainFloor: '', maxHelpers: '' };
}

export function emptyAddOn(): AddOnDraft {
  return { key: rowKey(), title: '', price: '' };
}

export function emptyDraft(category = 'general'): ProductDraft {
  return { title: '', description: '', category, images: [], skus: [emptySku()], addOns: [] };
}

export function draftOf(product: Product): ProductDraft {
  const money = (fen: number | null) => (fen === null ? '' : fenToYuan(fen));
  const count = (n: number | null) => (n === null ? '' : String(n));
  return {
    title: product.title,
    description: product.description,
    category: product.category,
    images: product.images.map((url) => ({ url, preview: url })),
    skus: product.skus.map((sku) => ({
      key: rowKey(),
      id: sku.id,
      name: sku.name,
      price: money(sku.price),
      stock: String(sku.stock),
      groupPrice: money(sku.groupPrice),
      groupSize: count(sku.groupSize),
      bargainFloor: money(sku.bargainFloor),
      maxHelpers: count(sku.maxHelpers),
    })),
    addOns: product.addOns.map((addOn) => ({ key: rowKey(), id: addOn.id, title: addOn.title, price: money(addOn.price) })),
  };
}

/** A whole number in [min, max] typed as digits, else null. */
function wholeNumber(text: string, min: number, max: number): number | null {
  const trimmed = text.trim();
  if (!/^\d{1,9}$/.test(trimmed)) return null;
  const n = Number(trimmed);
  return n >= min && n <= max ? n : null;
}

/** Checks the draft; the request body when there is nothing to fix. */
export function checkDraft(draft: ProductDraft): { problems: DraftProblems; input: ProductInput | null } {
  const problems: DraftProblems = {};
  const title = draft.title.trim();
  const description = draft.description.trim();
  if (!lengthBetween(title, 2, 60)) problems.title = { key: 'editor.invalid.title' };
  if (!lengthBetween(description, 1, 5000)) problems.description = { key: 'editor.invalid.description' };
  if (draft.images.length < 1 || draft.images.length > MAX_IMAGES) problems.images = { key: 'editor.invalid.images' };

  const names = new Set<string>();
  const skus: SkuInput[] = draft.skus.map((sku, i) => {
    const at = (field: string) => `skus.${i}.${field}`;
    const name = sku.name.trim();
    if (!lengthBetween(name, 1, 30)) problems[at('name')] = { key: 'editor.invalid.skuName' };
    else if (names.has(name)) problems[at('name')] = { key: 'editor.invalid.skuNameRepeat' };
    names.add(name);

    const price = parseYuan(sku.price);
    if (price === null) problems[at('price')] = { key: 'editor.invalid.price' };
    else if (price < 1) problems[at('price')] = { key: 'editor.invalid.pricePositive' };
    const stock = wholeNumber(sku.stock, 0, 10_000_000);
    if (stock === null) problems[at('stock')] = { key: 'editor.invalid.stock' };
    const out: SkuInput = { name, price: price ?? 0, stock: stock ?? 0 };
    if (sku.id) out.id = sku.id;

    // Group buy: a price and a size, together, the price below the SKU's.
    const hasGroupPrice = sku.groupPrice.trim() !== '';
    const hasGroupSize = sku.groupSize.trim() !== '';
    if (hasGroupPrice !== hasGroupSize) {
      problems[at(hasGroupPrice ? 'groupSize' : 'groupPrice')] = { key: 'editor.invalid.groupPair' };
    } else if (hasGroupPrice) {
      const groupPrice = parseYuan(sku.groupPrice);
      const groupSize = wholeNumber(sku.groupSize, 2, 10);
      if (groupPrice === null) problems[at('groupPrice')] = { key: 'editor.invalid.price' };
      else if (groupPrice < 1) problems[at('groupPrice')] = { key: 'editor.invalid.pricePositive' };
      else if (price !== null && groupPrice >= price) problems[at('groupPrice')] = { key: 'editor.invalid.groupPriceBelow' };
      if (groupSize === null) problems[at('groupSize')] = { key: 'editor.invalid.groupSize' };
      if (groupPrice !== null) out.groupPrice = groupPrice;
      if (groupSize !== null) out.groupSize = groupSize;
    }

    // Bargain: a floor below the price, and room for every helper to cut at least 1 fen.
    const hasFloor = sku.bargainFloor.trim() !== '';
    const hasHelpers = sku.maxHelpers.trim() !== '';
    if (hasHelpers && !hasFloor) {
      problems[at('bargainFloor')] = { key: 'editor.invalid.bargainPair' };
    } else if (hasFloor) {
      const floor = parseYuan(sku.bargainFloor);
      const helpers = hasHelpers ? wholeNumber(sku.maxHelpers, 1, 100) : DEFAULT_MAX_HELPERS;
      if (floor === null) problems[at('bargainFloor')] = { key: 'editor.invalid.price' };
      else if (price !== null && floor >= price) problems[at('bargainFloor')] = { key: 'editor.invalid.bargainBelow' };
      if (helpers === null) problems[at('maxHelpers')] = { key: 'editor.invalid.maxHelpers' };
      else if (floor !== null && price !== null && floor < price && price - floor < helpers) {
        problems[at('maxHelpers')] = { key: 'editor.invalid.bargainGap', values: { helpers } };
      }
      if (floor !== null) out.bargainFloor = floor;
      if (hasHelpers && helpers !== null) out.maxHelpers = helpers;
    }
    return out;
  });

  const addOns = draft.addOns.map((addOn, i) => {
    const title = addOn.title.trim();
    const price = parseYuan(addOn.price);
    if (!lengthBetween(title, 1, 40)) problems[`addOns.${i}.title`] = { key: 'editor.invalid.addOnTitle' };
    if (price === null) problems[`addOns.${i}.price`] = { key: 'editor.invalid.price' };
    else if (price < 1) problems[`addOns.${i}.price`] = { key: 'editor.invalid.pricePositive' };
    return { ...(addOn.id ? { id: addOn.id } : {}), title, price: price ?? 0 };
  });

  if (Object.keys(problems).length > 0) return { problems, input: null };
  return {
    problems,
    input: { title, description, category: draft.category, images: draft.images.map((image) => image.url), skus, addOns },
  };
}
