/** RULES.md "Disputes" as numbers and pure checks. */
import { DAY, HOUR } from '../../lib/clock.js';
import type { DisputeCategory } from './tables.js';

/** The operator answers within 48 h, or the platform steps in automatically. */
export const RESPONSE_WINDOW_MS = 48 * HOUR;
/** After a refusal the buyer may escalate within 7 days, or the case closes. */
export const ESCALATION_WINDOW_MS = 7 * DAY;
/** The platform rules within 5 days of escalation. */
export const RULING_WINDOW_MS = 5 * DAY;

/** D5, D6: forced sales and bodily harm may be compensated beyond the price; other complaints up to it. */
export const compensationBeyondPrice = (category: DisputeCategory) => category === 'personal_injury' || category === 'forced_sale';

/** Whether a claim or ruling stays within RULES.md; the field at fault, or null. */
export function claimProblem(category: DisputeCategory, paid: number, refund: number, compensation: number): 'refund' | 'compensation' | null {
  if (refund > paid) return 'refund';
  if (!compensationBeyondPrice(category) && refund + compensation > paid) return 'compensation';
  return null;
}

/** R16: the dispute rules and the complaint channel, published (GET /dispute-rules) before anyone needs them. */
export const DISPUTE_RULES = {
  publishedAt: '2026-11-29',
  channel: {
    zh: '在订单页点击“发起纠纷”（POST /disputes），选择类型、填写诉求（退款、赔偿）、说明并上传图片证据。',
    en: 'On the order, choose “Open a dispute” (POST /disputes) with a category, a claim (refund, compensation), a description and uploaded photos as evidence.',
  },
  categories: ['not_received', 'not_as_described', 'quality', 'personal_injury', 'forced_sale', 'privacy'] as DisputeCategory[],
  operatorResponseHours: RESPONSE_WINDOW_MS / HOUR,
  buyerEscalationDays: ESCALATION_WINDOW_MS / DAY,
  platformRulingDays: RULING_WINDOW_MS / DAY,
  steps: [
    { zh: '经营者须在 48 小时内同意（立即支付诉求金额）或拒绝并说明理由；逾期未答复的，平台自动介入。', en: 'The operator accepts within 48 hours (the claim is paid at once) or refuses with a reason; if it does not answer, the platform steps in automatically.' },
    { zh: '经营者拒绝后，消费者可在 7 日内申请平台介入，逾期纠纷关闭。双方均可随时申请平台介入，消费者可随时撤回。', en: 'After a refusal the buyer may ask the platform to rule within 7 days, after which the case closes. Either party may ask the platform to rule; the buyer may withdraw at any time.' },
    { zh: '平台在介入后 5 日内作出裁决，款项立即支付：退款先从托管资金中退回，赔偿先从经营者保证金支付，不足部分从其应收款支付，仍不足的由平台先行垫付并记为经营者欠款，从其后续应收款中扣回。', en: 'The platform rules within 5 days of escalation and the money moves at once: refunds come from escrow first; compensation from the operator’s deposit first, then its receivables, and the platform advances the rest as the operator’s debt, recovered from its next receivables.' },
    { zh: '退款不超过实付金额；仅人身损害（personal_injury）与强制交易（forced_sale）可主张超出价款的赔偿（D5、D6）。', en: 'A refund is at most what was paid; only personal_injury and forced_sale may claim compensation beyond the price (D5, D6).' },
    { zh: '纠纷期间不自动确认收货，托管资金继续冻结；双方均可下载完整的纠纷记录。', en: 'While a case is open, receipt is not confirmed automatically and the escrow stays held; each party can download the complete record of its case.' },
  ],
};
