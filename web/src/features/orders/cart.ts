/**
 * The shopping cart, kept in this browser's localStorage (no server cart yet).
 * A line is one SKU of one product, with the add-ons the buyer ticked for it —
 * never any the buyer did not tick (R7). Pages read it through `useCart()`,
 * which re-renders on every change, also from another tab.
 */
import { useSyncExternalStore } from 'react';
import type { ReturnClass } from '../catalog/api';

export const CART_STORAGE_KEY = 'agora.cart';
export const MAX_QUANTITY = 99;

export interface CartAddOn {
  id: string;
  title: string;
  price: number;
}

export interface CartLine {
  productId: string;
  skuId: string;
  title: string;
  skuName: string;
  price: number;
  quantity: number;
  image: string | null;
  operator: { id: string; shopName: string };
  returnClass: ReturnClass;
  addOns: CartAddOn[];
  /** R12: the token of the note tag this line was bought through (`?ref=` on the product page); checkout sends it as `attribution`. */
  attribution?: string;
}

const listeners = new Set<() => void>();
let cache: { text: string | null; lines: CartLine[] } = { text: null, lines: [] };

function isLine(value: unknown): value is CartLine {
  if (typeof value !== 'object' || value === null) return false;
  const line = value as CartLine;
  return (
    typeof line.skuId === 'string' &&
    typeof line.productId === 'string' &&
    Number.isSafeInteger(line.price) &&
    Number.isSafeInteger(line.quantity) &&
    Array.isArray(line.addOns) &&
    (line.attribution === undefined || typeof line.attribution === 'string')
  );
}

function read(): CartLine[] {
  let text: string | null;
  try {
    text = localStorage.getItem(CART_STORAGE_KEY);
  } catch {
    text = null;
  }
  if (text === cache.text) return cache.lines;
  let lines: CartLine[];
  try {
    const parsed: unknown = text ? JSON.parse(text) : [];
    lines = Array.isArray(parsed) ? parsed.filter(isLine) : [];
  } catch {
    lines = [];
  }
  cache = { text, lines };
  return lines;
}

function write(lines: CartLine[]): void {
  try {
    localStorage.setItem(CART_STORAGE_KEY, JSON.stringify(lines));
  } catch {
    // Storage off: the cart cannot be kept.
  }
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  const onStorage = (event: StorageEvent) => {
    if (event.key === CART_STORAGE_KEY) listener();
  };
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', onStorage);
  };
}

const clamp = (quantity: number) => Math.min(MAX_QUANTITY, Math.max(1, Math.trunc(quantity)));
/** Adding the same SKU again without a note's link keeps the link it came with. */
const keptAttribution = (old: CartLine, added: CartLine) => (added.attribution ?? old.attribution ? { attribution: added.attribution ?? old.attribution } : {});

/**
 * R12: the note link checkout credits. POST /orders takes one attribution per
 * checkout, so the line added most recently through a note wins.
 */
export function checkoutAttribution(lines: readonly CartLine[]): string | undefined {
  return lines.findLast((line) => line.attribution !== undefined)?.attribution;
}

export const cart = {
  lines: read,
  /** Adds a line, or for the same SKU adds to its quantity and takes the add-ons now ticked. */
  add(line: CartLine): void {
    const lines = read();
    const existing = lines.find((l) => l.skuId === line.skuId);
    write(
      existing
        ? lines.map((l) => (l.skuId === line.skuId ? { ...line, quantity: clamp(l.quantity + line.quantity), ...keptAttribution(l, line) } : l))
        : [...lines, { ...line, quantity: clamp(line.quantity) }],
    );
  },
  setQuantity(skuId: string, quantity: number): void {
    write(read().map((l) => (l.skuId === skuId ? { ...l, quantity: clamp(quantity) } : l)));
  },
  remove(skuId: string): void {
    write(read().filter((l) => l.skuId !== skuId));
  },
  /** After checkout: the ordered lines leave the cart. */
  removeAll(skuIds: readonly string[]): void {
    const gone = new Set(skuIds);
    write(read().filter((l) => !gone.has(l.skuId)));
  },
};

export function useCart(): CartLine[] {
  return useSyncExternalStore(subscribe, read, () => []);
}

/** Lines grouped by shop, in the order shops were first added. */
export function byShop(lines: readonly CartLine[]): { operator: CartLine['operator']; lines: CartLine[] }[] {
  const groups = new Map<string, { operator: CartLine['operator']; lines: CartLine[] }>();
  for (const line of lines) {
    const group = groups.get(line.operator.id) ?? { operator: line.operator, lines: [] };
    group.lines.push(line);
    groups.set(line.operator.id, group);
  }
  return [...groups.values()];
}

/** Fen: price × quantity, plus each ticked add-on once. */
export function lineTotal(line: CartLine): number {
  return line.price * line.quantity + line.addOns.reduce((sum, addOn) => sum + addOn.price, 0);
}
