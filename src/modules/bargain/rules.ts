/**
 * What a bargain publishes before it starts (R13) and shows while it runs (R14):
 * its terms in full, in zh-CN and English, with money as exact yuan and fen.
 *
 * @example
 *   bargainRules({ price: 6900, floor: 3900, maxHelpers: 10 }).zh[0]
 *   // '原价 ¥69.00，最低可砍至 ¥39.00，最多需要 10 位好友帮砍。'
 */
import { DAY, HOUR } from '../../lib/clock.js';

/** RULES.md "Bargain": the bargain lasts 24 h. */
export const BARGAIN_DURATION_MS = 24 * HOUR;
/** RULES.md "Bargain": a helper may help at most 10 bargains a day (a Beijing calendar day). */
export const HELPS_PER_HELPER_PER_DAY = 10;
/** The order a bargain places is paid within the same 30 minutes as any order. */
export const BARGAIN_PAYMENT_WINDOW_MINUTES = 30;

/** China has one time zone, UTC+8, with no daylight saving. */
const BEIJING_OFFSET_MS = 8 * HOUR;

/** The Beijing calendar day `at` falls on, as YYYY-MM-DD, and when that day ends. */
export function beijingDay(at: Date): { day: string; endsAt: Date } {
  const local = at.getTime() + BEIJING_OFFSET_MS;
  const start = local - (((local % DAY) + DAY) % DAY);
  return { day: new Date(start).toISOString().slice(0, 10), endsAt: new Date(start + DAY - BEIJING_OFFSET_MS) };
}

/** R14: fen as exact yuan, never rounded: 327 → "3.27". */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

export interface BargainTerms {
  price: number;
  floor: number;
  maxHelpers: number;
}

/** The published rules of a bargain on these terms (API.md "Bargains": `rules`). */
export interface BargainRules extends BargainTerms {
  durationHours: number;
  helpsPerHelperPerBargain: number;
  helpsPerHelperPerDay: number;
  selfHelpAllowed: boolean;
  verifiedPhoneRequired: boolean;
  ordersPerBargain: number;
  paymentWindowMinutes: number;
  /** How a cut is drawn, RULES.md's formula in words. */
  cutFormula: { zh: string; en: string };
  /** Every rule as a sentence, in order, for the page that shows them. */
  zh: string[];
  en: string[];
}

export function bargainRules(terms: BargainTerms): BargainRules {
  const { price, floor, maxHelpers } = terms;
  const cutFormula = {
    zh: '设还差 r 分、剩余 k 次帮砍：每次帮砍随机砍掉 max(1, ⌊r/2k⌋) 到 min(⌊2r/k⌋, r − (k − 1)) 之间的整数分（等概率）；最后一次（k = 1）正好砍掉剩下的 r 分。每次至少砍 1 分，第 N 次帮砍正好砍到底价。',
    en: 'With r fen still to cut and k helps left, a help cuts a whole number of fen drawn uniformly from max(1, ⌊r/2k⌋) to min(⌊2r/k⌋, r − (k − 1)); the last help (k = 1) cuts exactly r. Every help cuts at least 1 fen, and the N-th help reaches the floor exactly.',
  };
  return {
    price,
    floor,
    maxHelpers,
    durationHours: BARGAIN_DURATION_MS / HOUR,
    helpsPerHelperPerBargain: 1,
    helpsPerHelperPerDay: HELPS_PER_HELPER_PER_DAY,
    selfHelpAllowed: false,
    verifiedPhoneRequired: true,
    ordersPerBargain: 1,
    paymentWindowMinutes: BARGAIN_PAYMENT_WINDOW_MINUTES,
    cutFormula,
    zh: [
      `原价 ¥${yuan(price)}，最低可砍至 ¥${yuan(floor)}，最多需要 ${maxHelpers} 位好友帮砍。`,
      `砍价规则：${cutFormula.zh}`,
      `发起后 ${BARGAIN_DURATION_MS / HOUR} 小时内有效；有效期内可随时按当前价下单（每个砍价限下单一次，下单后 ${BARGAIN_PAYMENT_WINDOW_MINUTES} 分钟内付款），过期未下单则作废，不产生任何费用。`,
      `每位好友对同一砍价只能帮砍一次；每人每天（北京时间）最多帮砍 ${HELPS_PER_HELPER_PER_DAY} 次；不能帮自己砍价；帮砍须先验证手机号。`,
      '进度以精确的元和分显示，例如“还差 ¥3.27”。',
    ],
    en: [
      `Price ¥${yuan(price)}; it can be cut to ¥${yuan(floor)} with at most ${maxHelpers} friends' helps.`,
      `How cuts are made: ${cutFormula.en}`,
      `The bargain lasts ${BARGAIN_DURATION_MS / HOUR} hours; until then you may order at the current price at any time (one order per bargain, paid within ${BARGAIN_PAYMENT_WINDOW_MINUTES} minutes). Unordered, it lapses and costs nothing.`,
      `A friend helps a bargain once; a person helps at most ${HELPS_PER_HELPER_PER_DAY} bargains a day (Beijing time); no one helps their own bargain; helpers need a verified phone number.`,
      'Progress is shown in exact yuan and fen, e.g. "¥3.27 to go".',
    ],
  };
}
