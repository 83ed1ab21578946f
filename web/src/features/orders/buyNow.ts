/**
 * 立即购买: one SKU of one product straight to checkout, kept in the URL
 * (`/checkout?product=…&sku=…&qty=…&addOns=…&ref=…`) and never in the cart, so
 * buying now leaves the cart as it was and a reload or a top-up round trip comes
 * back to the same checkout. Add-ons are only those the buyer ticked (R7).
 */
import type { Product } from '../catalog/api';
import { MAX_QUANTITY, type CartLine } from './cart';

export interface BuyNow {
  productId: string;
  skuId: string;
  quantity: number;
  addOnIds: string[];
  /** R12: the note link the product page was opened through. */
  attribution?: string | undefined;
}

const ID = /^[A-Za-z0-9_-]{1,64}$/;

export function buyNowPath(b: BuyNow): string {
  const params = new URLSearchParams({ product: b.productId, sku: b.skuId, qty: String(b.quantity) });
  if (b.addOnIds.length > 0) params.set('addOns', b.addOnIds.join(','));
  if (b.attribution) params.set('ref', b.attribution);
  return `/checkout?${params.toString()}`;
}

/** The buy-now line of a checkout URL, or null for a cart checkout (or a URL that names nothing sensible). */
export function readBuyNow(params: URLSearchParams): BuyNow | null {
  const productId = params.get('product') ?? '';
  const skuId = params.get('sku') ?? '';
  if (!ID.test(productId) || !ID.test(skuId)) return null;
  const qty = Math.trunc(Number(params.get('qty') ?? '1'));
  const addOnIds = [...new Set((params.get('addOns') ?? '').split(',').filter((id) => ID.test(id)))].slice(0, 50);
  const ref = params.get('ref');
  return { productId, skuId, quantity: Number.isFinite(qty) ? Math.min(MAX_QUANTITY, Math.max(1, qty)) : 1, addOnIds, ...(ref ? { attribution: ref.slice(0, 100) } : {}) };
}

/** The line to check out, priced as the product is now; null when the SKU is gone. */
export function buyNowLine(product: Product, b: BuyNow): CartLine | null {
  const sku = product.skus.find((s) => s.id === b.skuId);
  if (!sku) return null;
  return {
    productId: product.id,
    skuId: sku.id,
    title: product.title,
    skuName: sku.name,
    price: sku.price,
    quantity: b.quantity,
    image: product.images[0] ?? null,
    operator: product.operator,
    returnClass: product.categoryInfo.returnClass,
    addOns: product.addOns.filter((a) => b.addOnIds.includes(a.id)).map(({ id, title, price }) => ({ id, title, price })),
    ...(b.attribution ? { attribution: b.attribution } : {}),
  };
}
