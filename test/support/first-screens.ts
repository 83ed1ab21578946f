/**
 * What the server-rendered first screens are tested on (test/web-pages.test.ts,
 * test/e2e/first-screen.test.ts): a shop's product with a group price and a bargain
 * floor, notes by 阿青 tagging it, and a group buy and a bargain she started.
 */
import { expect } from 'vitest';
import type { TestApp } from './app.js';
import { given, type GivenUser } from './given.js';

export interface Showcase {
  author: GivenUser;
  productId: string;
  noteIds: string[];
  groupId: string;
  bargainId: string;
}

export async function givenShowcase(t: TestApp, noteTitles: string[]): Promise<Showcase> {
  const operator = await given.operator(t, await given.admin(t), { shopName: '竹语手作' });
  const product = await given.product(t, operator, {
    title: '手工竹编收纳篮',
    skus: [{ name: '大号', price: 12_900, stock: 20, groupPrice: 9_900, groupSize: 2, bargainFloor: 6_900, maxHelpers: 5 }],
  });
  const author = await given.user(t, { displayName: '阿青' });
  const noteIds: string[] = [];
  for (const title of noteTitles) noteIds.push((await given.note(t, author, [[product.id]], { title })).id);
  const skuId = product.skus[0].id;
  const acting = () => ({ token: author.token, headers: { 'idempotency-key': crypto.randomUUID() } });
  const opened = await t.http.post('/group-buys', { skuId, addressId: await given.address(t, author) }, acting());
  expect(opened.status, JSON.stringify(opened.body)).toBe(201);
  const started = await t.http.post('/bargains', { skuId }, acting());
  expect(started.status, JSON.stringify(started.body)).toBe(201);
  return { author, productId: product.id, noteIds, groupId: opened.body.groupBuy.id, bargainId: started.body.bargain.id };
}
