/**
 * Demo notes: 42 notes by the ten demo users about the demo shops'
 * products, with tags on drawn pictures, hashtags, likes, collects, comments with
 * replies, follows, and two sponsorships the beauty shop confirmed (R8, so the
 * feed shows 「广告」 on them).
 */
import type { AppContext } from '../context.js';
import { demoProductImage } from './seed-images.js';

const OPENINGS = ['回购第三次了', '被同事种草', '踩过很多坑终于找到', '上周收到货', '618 囤的', '朋友送的礼物', '试用一个月', '周末开箱'];
const VERDICTS = ['真心推荐，性价比很高', '质感比图片还好', '细节做得很用心', '用起来很顺手', '颜值在线，实用也不差', '包装很严实，发货也快'];
const TOPICS = ['#好物分享', '#开箱', '#平价好物', '#生活方式', '#周末日常', '#送礼指南', '#通勤', '#宿舍好物'];
const REMARKS = ['求链接！', '看起来不错', '用了多久了？', '已下单', '颜色好好看', '这个价格可以', '蹲一个后续'];

export const DEMO_NOTES = 42;

export async function seedNotes(ctx: AppContext, userIds: string[], sponsor: { operatorId: string; ownerId: string }): Promise<void> {
  const { social } = ctx;
  const products = (await ctx.catalog.listProducts({ limit: 100 })).items;
  for (const [i, follower] of userIds.entries()) {
    for (const step of [1, 3, 4]) await social.engagement.follow(follower, userIds[(i + step) % userIds.length]!, true);
  }
  for (let i = 0; i < DEMO_NOTES; i++) {
    const authorId = userIds[i % userIds.length]!;
    const product = products[i % products.length]!;
    const extra = i % 3 === 0 ? products[(i + 7) % products.length] : undefined;
    const url = (await ctx.media.upload(authorId, await demoProductImage((i * 37) % 360, i, 600))).url;
    const tags = [{ productId: product.id, x: 0.3 + (i % 4) * 0.1, y: 0.45 }, ...(extra ? [{ productId: extra.id, x: 0.7, y: 0.7 }] : [])];
    const sponsored = i === 5 || i === 17;
    const note = await social.notes.create(authorId, {
      title: `${product.title.slice(0, 14)}｜${OPENINGS[i % OPENINGS.length]}`,
      body: `${OPENINGS[i % OPENINGS.length]}，${VERDICTS[i % VERDICTS.length]}。点图片上的标签就能看到商品。 ${TOPICS[i % TOPICS.length]} ${TOPICS[(i + 3) % TOPICS.length]}`,
      images: [{ url, tags }],
      ...(sponsored ? { sponsoredBy: sponsor.operatorId } : {}),
    });
    if (sponsored) await social.notes.confirmSponsorship(sponsor.ownerId, sponsor.operatorId, note.id);
    for (let k = 1; k <= (i * 7) % 9; k++) await social.engagement.like(userIds[(i + k) % userIds.length]!, note.id);
    if (i % 4 === 0) await social.engagement.collect(userIds[(i + 2) % userIds.length]!, note.id);
    if (i % 2 === 0) {
      const comment = await social.engagement.comment(userIds[(i + 1) % userIds.length]!, note.id, { body: REMARKS[i % REMARKS.length]! });
      await social.engagement.comment(authorId, note.id, { body: '谢谢～标签里就是同款', parentId: comment.id });
    }
  }
}
