/**
 * The rules of a product's SKUs (RULES.md "Group buy", "Bargain"): group-buy terms
 * as a pair below the price, bargain floors that let every helper cut, names once,
 * and the columns a SKU is written with.
 */
import type { FieldProblem } from '../../lib/errors.js';
import { catalogErrors as errors } from './errors.js';
import type { SkuInput } from './views.js';

/** API.md: `maxHelpers` defaults to 10 where `bargainFloor` is set. */
export const DEFAULT_MAX_HELPERS = 10;

/** RULES.md "Bargain": a floor below the price, and price − floor ≥ N so every help cuts at least 1 fen. */
export function bargainTermsProblem(price: number, floor: number, maxHelpers: number): { field: 'floor' | 'maxHelpers'; message: string } | null {
  if (floor >= price) return { field: 'floor', message: 'must be below the price' };
  if (price - floor < maxHelpers) return { field: 'maxHelpers', message: `price − floor must be at least maxHelpers (${maxHelpers}) fen, so every help cuts at least 1 fen` };
  return null;
}

/**
 * Group-buy terms come as a pair with a group price below the price; bargain terms
 * need price − floor ≥ most helpers, so every help can cut at least 1 fen (RULES.md).
 */
export function skuProblems(skus: SkuInput[], base = '/body/skus'): FieldProblem[] {
  const problems: FieldProblem[] = [];
  skus.forEach((sku, i) => {
    const at = `${base}/${i}`;
    if ((sku.groupPrice === undefined) !== (sku.groupSize === undefined)) {
      problems.push({ path: `${at}/${sku.groupPrice === undefined ? 'groupPrice' : 'groupSize'}`, message: 'groupPrice and groupSize go together' });
    } else if (sku.groupPrice !== undefined && sku.groupPrice >= sku.price) {
      problems.push({ path: `${at}/groupPrice`, message: 'must be below the price' });
    }
    if (sku.maxHelpers !== undefined && sku.bargainFloor === undefined) {
      problems.push({ path: `${at}/maxHelpers`, message: 'needs a bargainFloor' });
    }
    if (sku.bargainFloor !== undefined) {
      const problem = bargainTermsProblem(sku.price, sku.bargainFloor, sku.maxHelpers ?? DEFAULT_MAX_HELPERS);
      if (problem) problems.push({ path: `${at}/${problem.field === 'floor' ? 'bargainFloor' : 'maxHelpers'}`, message: problem.message });
    }
  });
  const names = new Map<string, number>();
  skus.forEach((sku, i) => {
    const first = names.get(sku.name);
    if (first !== undefined) problems.push({ path: `${base}/${i}/name`, message: `repeats SKU ${first}` });
    else names.set(sku.name, i);
  });
  return problems;
}

export const skuColumns = (sku: SkuInput, position: number) => ({
  name: sku.name.trim(),
  price: sku.price,
  stock: sku.stock,
  group_price: sku.groupPrice ?? null,
  group_size: sku.groupSize ?? null,
  bargain_floor: sku.bargainFloor ?? null,
  max_helpers: sku.bargainFloor !== undefined ? (sku.maxHelpers ?? DEFAULT_MAX_HELPERS) : null,
  position,
});

/** Each given id must be one of the product's, and appear once. */
export function assertKnownOnce(items: { id?: string | undefined }[], existing: Set<string>, base: string): void {
  const seen = new Set<string>();
  for (const [i, item] of items.entries()) {
    if (item.id === undefined) continue;
    if (!existing.has(item.id)) throw errors.unknownItem(`${base}/${i}/id`);
    if (seen.has(item.id)) throw errors.repeatedItem(`${base}/${i}/id`);
    seen.add(item.id);
  }
}
