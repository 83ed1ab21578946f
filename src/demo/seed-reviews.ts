/**
 * Demo reviews: three verified buyers each bought, received and reviewed a few of
 * the demo products (one anonymously, one with a follow-up), and the shops replied to
 * some, so product pages show ratings, reviews and replies.
 */
import type { AppContext } from '../context.js';
import { DEMO_PIN } from './seed-group-buys.js';

const TEXTS = [
  '质量很好，和描述一致，包装也很用心。',
  '物流很快，第二天就到了，客服回复也及时。',
  '颜色比图片稍深一点，整体还不错。',
  '用了一周，做工扎实，推荐购买。',
  '性价比很高，已经推荐给朋友了。',
  '一般般，有点小瑕疵，但能接受。',
];
const REPLIES = ['感谢您的支持，期待再次光临！', '谢谢反馈，我们会继续改进。'];
/** Each buyer reviews this many products. */
const PER_BUYER = 3;

export async function seedReviews(ctx: AppContext, buyers: { userId: string; addressId: string }[]): Promise<void> {
  const products = (await ctx.catalog.listProducts({ limit: 100 })).items.filter((p) => p.available).sort((a, b) => a.price - b.price);
  let n = 0;
  for (const [b, buyer] of buyers.entries()) {
    for (let k = 0; k < PER_BUYER; k++) {
      const summary = products[(b + k * 2) % products.length]!;
      const product = await ctx.catalog.product(summary.id);
      const sku = product.skus.find((s) => s.stock > 0);
      if (!sku) continue;
      const [order] = await ctx.placeOrder.checkout(buyer.userId, { items: [{ skuId: sku.id, quantity: 1 }], addressId: buyer.addressId });
      await ctx.payOrder.pay(buyer.userId, order!.id, { pin: DEMO_PIN });
      const ownerId = (await ctx.operators.sellingStatus(ctx.database.db, order!.operatorId))!.ownerId;
      await ctx.shipOrder.ship(ownerId, order!.id, { carrier: '顺丰速运', trackingNumber: `SF20261${String(n).padStart(6, '0')}` });
      await ctx.receiveOrder.confirmReceipt(buyer.userId, order!.id);
      const rating = n % 6 === 5 ? 3 : 5 - (n % 2);
      const review = await ctx.reviews.review(buyer.userId, order!.id, order!.items[0]!.id, {
        rating,
        serviceRating: 5 - (n % 3 === 0 ? 1 : 0),
        deliveryRating: 5,
        text: TEXTS[n % TEXTS.length]!,
        anonymous: n % 4 === 3,
      });
      if (n % 3 === 0) await ctx.reviews.reply(ownerId, review.id, { text: REPLIES[n % REPLIES.length]! });
      if (n % 5 === 1) await ctx.reviews.followUp(buyer.userId, review.id, { text: '用了一段时间，依然满意。' });
      n += 1;
    }
  }
}
