/**
 * The admin dashboard in Chromium: two orders paid today
 * (¥129.00 and 2 × ¥39.00) show as the figures, one bar in the GMV chart, one dot
 * on the orders line and the per-day row; the read is then in the audit log page with
 * the admin's role. Sessions are made through the API and handed to the browser.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { given, type GivenOperator, type GivenUser } from '../support/given.js';
import { journeyRig, RUN_BROWSER, screenshotter, see, warnIfSkipped } from '../support/browser.js';

const PIN = '258036';
const screenshot = screenshotter('reports-', { fromTop: true });

warnIfSkipped('the admin dashboard journey is');

describe.skipIf(!RUN_BROWSER)('admin reports in Chromium (390×844)', () => {
  const rig = journeyRig();
  let admin: GivenUser;
  let shop: GivenOperator;
  let today: string;

  beforeAll(async () => {
    const t = rig.app;
    admin = await given.admin(t);
    shop = await given.operator(t, admin, { viaSms: false });
    const product = await given.product(t, shop, { skus: [{ name: '大号', price: 12_900, stock: 10 }, { name: '小号', price: 3_900, stock: 10 }] });
    const buyer = await given.user(t, { pin: PIN, viaSms: false });
    await given.funds(t, buyer, 100_000);
    const addressId = await given.address(t, buyer);
    for (const [sku, quantity] of [[0, 1], [1, 2]] as const) {
      const order = await t.http.post('/orders', { addressId, items: [{ skuId: product.skus[sku].id, quantity }] }, { token: buyer.token, headers: { 'idempotency-key': randomUUID() } });
      expect(order.status, order.text).toBe(201);
      const paid = await t.http.post(`/orders/${order.body.order.id}/pay`, { pin: PIN }, { token: buyer.token, headers: { 'idempotency-key': randomUUID() } });
      expect(paid.status, paid.text).toBe(200);
    }
    today = t.clock.now().toISOString().slice(0, 10);
  }, 120_000);

  it('draws the seeded day: figures, a GMV bar, the orders line and the per-day table; the read is audited', { timeout: 60_000 }, async () => {
    const { page } = await rig.page({ token: admin.token });
    await page.goto(`${rig.app.url}/admin/reports?from=${today}&to=${today}`);
    await see(page, 'report-gmv', '¥207.00');
    await see(page, 'report-orders', '2');
    await see(page, 'report-buyers', '1');
    await see(page, 'report-median', '—');
    // The charts are SVG drawn by recharts: one bar and one dot for the one day.
    await expect.poll(() => page.getByTestId('chart-gmv').locator('.recharts-bar-rectangle').count()).toBe(1);
    await expect.poll(() => page.getByTestId('chart-orders').locator('.recharts-line-dot').count()).toBe(1);
    await expect.poll(() => page.getByTestId('chart-disputes').locator('.recharts-legend-item').count()).toBe(2);
    const row = page.locator(`[data-testid="report-day"][data-date="${today}"]`);
    expect((await row.innerText()).replace(/\s+/g, ' ')).toContain(`${today} ¥207.00 2 0 0 0`);
    await screenshot(page, 'dashboard');

    // A wider period through the date picker keeps the same sale and adds empty days.
    const weekAgo = new Date(Date.parse(today) - 6 * 86_400_000).toISOString().slice(0, 10);
    await page.getByTestId('range-from').fill(weekAgo);
    await page.getByTestId('range-apply').click();
    await expect.poll(() => page.getByTestId('report-day').count()).toBe(7);
    await see(page, 'report-gmv', '¥207.00');

    await page.goto(`${rig.app.url}/admin/audit-log?action=reports.summary.read`);
    await expect.poll(() => page.getByTestId('audit-entry').count()).toBeGreaterThanOrEqual(2);
    await see(page, 'audit-role', '管理员');
    expect(await page.getByTestId('audit-export').getAttribute('href')).toBe('/api/v1/admin/audit-log.csv?action=reports.summary.read');
    await screenshot(page, 'audit-log');
  });
});
