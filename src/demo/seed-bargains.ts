/**
 * Demo bargains: a few active bargains on the demo shops' offers,
 * started by different users and already cut by some friends, so the bargain and
 * share pages open on real progress.
 */
import type { AppContext } from '../context.js';

export const DEMO_BARGAINS = 4;

export async function seedBargains(ctx: AppContext, userIds: string[]): Promise<void> {
  const products = (await ctx.catalog.listProducts({ limit: 100 })).items;
  const offers = (await Promise.all(products.map((p) => ctx.bargains.offersOfProduct(p.id)))).flat().slice(0, DEMO_BARGAINS);
  for (const [i, offer] of offers.entries()) {
    // 砍价小能手 (user 6) starts the first; the others are started by users 7–9.
    const ownerIndex = 6 + i;
    const bargain = await ctx.bargains.start(userIds[ownerIndex % userIds.length]!, offer.skuId);
    // One to four friends have helped so far, never the owner (all demo users have verified phones).
    for (let k = 1; k <= 1 + (i % 4); k++) await ctx.bargains.help(userIds[(ownerIndex + k) % userIds.length]!, bargain.id);
  }
}
