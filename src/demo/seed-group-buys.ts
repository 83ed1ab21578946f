/**
 * Demo wallets and open group buys. The identity-verified demo users get the payment
 * PIN DEMO_PIN, an address and ¥500 of sandbox money, so a visitor can pay at once;
 * three of them have opened (and paid for) a group on a product with a group price,
 * so product pages show groups to join.
 */
import type { AppContext } from '../context.js';

export const DEMO_PIN = '135790';
/** ¥500 in fen. */
const DEMO_FUNDS = 50_000;
const DEMO_GROUPS = 3;

/** A verified user ready to pay: PIN set, an address, money in the wallet. Returns the address id. */
export async function seedWallet(ctx: AppContext, userId: string, i: number): Promise<string> {
  await ctx.accounts.setPaymentPin(userId, { pin: DEMO_PIN });
  const address = await ctx.accounts.addAddress(userId, { recipient: '演示收货人', phone: '13912345678', region: '上海市 徐汇区', line: `漕溪北路 ${88 + i} 号` });
  const topUp = await ctx.payments.createTopUp(userId, DEMO_FUNDS);
  await ctx.payments.handleProviderEvent({ type: 'top_up.succeeded', topUpId: topUp.id, amount: DEMO_FUNDS, providerRef: `demo-${topUp.id}` });
  return address.id;
}

/** Each opener opens a group on a different SKU with a group price and pays for it: the group forms and waits for members. */
export async function seedGroupBuys(ctx: AppContext, openers: { userId: string; addressId: string }[]): Promise<void> {
  const products = (await ctx.catalog.listProducts({ limit: 100 })).items;
  const skus = [];
  for (const summary of products) {
    const product = await ctx.catalog.product(summary.id);
    skus.push(...product.skus.filter((s) => s.groupPrice !== null && s.groupSize !== null));
  }
  for (const [i, sku] of skus.slice(0, Math.min(DEMO_GROUPS, openers.length)).entries()) {
    const opener = openers[i]!;
    const { order } = await ctx.groupBuyFlow.open(opener.userId, { skuId: sku.id, addressId: opener.addressId });
    await ctx.payOrder.pay(opener.userId, order.id, { pin: DEMO_PIN });
  }
}
