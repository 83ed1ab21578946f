import { describe, expect, it } from 'vitest';
import { bargainRules, beijingDay, yuan } from './rules.js';

describe('bargain rules and their numbers', () => {
  it('R14: fen as exact yuan, never rounded', () => {
    expect([yuan(327), yuan(5), yuan(0), yuan(100), yuan(1_234_567), yuan(-327)]).toEqual(['3.27', '0.05', '0.00', '1.00', '12345.67', '-3.27']);
  });

  it('the daily help limit counts Beijing calendar days (UTC+8): 16:00 UTC starts the next one', () => {
    expect(beijingDay(new Date('2026-03-04T15:59:59.999Z'))).toEqual({ day: '2026-03-04', endsAt: new Date('2026-03-04T16:00:00Z') });
    expect(beijingDay(new Date('2026-03-04T16:00:00Z'))).toEqual({ day: '2026-03-05', endsAt: new Date('2026-03-05T16:00:00Z') });
    expect(beijingDay(new Date('2026-12-31T20:00:00Z')).day).toBe('2027-01-01');
  });

  it('R13: the published rules state the terms in exact yuan, the draw, the deadline and every limit, in both languages', () => {
    const rules = bargainRules({ price: 6_900, floor: 0, maxHelpers: 3 });
    expect(rules).toMatchObject({ price: 6_900, floor: 0, maxHelpers: 3, durationHours: 24, helpsPerHelperPerBargain: 1, helpsPerHelperPerDay: 10, selfHelpAllowed: false, verifiedPhoneRequired: true, ordersPerBargain: 1, paymentWindowMinutes: 30 });
    expect(rules.zh[0]).toBe('原价 ¥69.00，最低可砍至 ¥0.00，最多需要 3 位好友帮砍。');
    expect(rules.en[0]).toBe("Price ¥69.00; it can be cut to ¥0.00 with at most 3 friends' helps.");
    expect(rules.zh).toHaveLength(rules.en.length);
    for (const text of [rules.zh.join(''), rules.en.join('')]) expect(text).toMatch(/24.*10/s);
  });
});
