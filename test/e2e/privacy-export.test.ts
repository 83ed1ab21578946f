/**
 * The privacy centre in the browser: a buyer with an
 * order and a note opens /me/privacy, reads a consent's text and version and turns
 * it on (and it holds on the server), sees the shop that read their address in the
 * access log, and downloads the export: the JSON holds their order and their note;
 * the zip link answers a zip.
 *
 * Debian's Chromium through playwright-core against a real Agora on PGlite.
 */
import fs from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/app.js';
import { given } from '../support/given.js';
import { journeyRig, RUN_BROWSER, screenshotter, see, warnIfSkipped } from '../support/browser.js';

const screenshot = screenshotter('privacy-', { fromTop: true });
const PIN = '258036';

warnIfSkipped('the privacy-centre browser journey is');

describe.skipIf(!RUN_BROWSER)('privacy centre in Chromium (390×844)', () => {
  const rig = journeyRig();
  let t: TestApp;
  beforeAll(() => {
    t = rig.app;
  });

  it('a user turns a consent on, sees who read their address, and downloads an export holding their order and note', { timeout: 120_000 }, async () => {
    const shop = await given.operator(t, await given.admin(t), { shopName: '隐私测试小店' });
    const product = await given.product(t, shop, { title: '手工皂' });
    const buyer = await given.user(t, { pin: PIN, displayName: '导出用户' });
    await given.funds(t, buyer, 50_000);
    const addressId = await given.address(t, buyer);
    const order = await t.http.post('/orders', { addressId, items: [{ skuId: product.skus[0].id, quantity: 1 }] }, { token: buyer.token });
    expect(order.status, JSON.stringify(order.body)).toBe(201);
    const orderId = order.body.order.id as string;
    expect((await t.http.post(`/orders/${orderId}/pay`, { pin: PIN }, { token: buyer.token })).status).toBe(200);
    expect((await t.http.get(`/orders/${orderId}/shipping-address`, { token: shop.owner.token })).status).toBe(200);
    const note = await given.note(t, buyer, [[]], { title: '我的导出测试笔记' });

    const { page } = await rig.page({ token: buyer.token });
    await page.goto(`${t.url}/me/privacy`);
    // The consent's own text and version stand beside its switch; it is off until turned on.
    await see(page, 'consent-text-marketing', '促销短信');
    await see(page, 'consent-version-marketing', '文本版本 2026-01');
    await see(page, 'consent-state-marketing', '已关闭');
    await page.getByTestId('consent-toggle-marketing').click();
    await see(page, 'consent-state-marketing', '已开启');
    const consents = (await t.http.get('/me/consents', { token: buyer.token })).body.items as { purpose: string; granted: boolean; textVersion: string }[];
    expect(consents.find((c) => c.purpose === 'marketing')).toMatchObject({ granted: true, textVersion: '2026-01' });

    // The shop's read of the address, by role and shop name.
    await see(page, 'access-log-entry', '商家 · 隐私测试小店');
    await screenshot(page, '01-centre');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').click()]);
    expect(download.suggestedFilename()).toMatch(/^agora-export-\d{4}-\d{2}-\d{2}\.json$/);
    const exported = JSON.parse(await fs.readFile((await download.path())!, 'utf8'));
    expect(exported.account.id).toBe(buyer.id);
    expect(exported.orders.orders.map((o: { id: string }) => o.id)).toContain(orderId);
    expect(exported.social.notes.map((n: { id: string; title: string }) => [n.id, n.title])).toContainEqual([note.id, '我的导出测试笔记']);
    expect(exported.consents).toContainEqual(expect.objectContaining({ purpose: 'marketing', granted: true }));

    const [zip] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-zip').click()]);
    expect(zip.suggestedFilename()).toMatch(/\.zip$/);
    const bytes = await fs.readFile((await zip.path())!);
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
  });
});
