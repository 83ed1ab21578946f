/**
 * What the other side is told at each step of a request (in-app; the web translates by
 * `kind`, title and body are zh-CN, deadlines in Beijing time). A step that costs a
 * side its say when missed (the shop's 48 h, the buyer's 7 days to ship) also goes by SMS.
 */
import { formatDueZh, type NotifyInput } from '../notifications/index.js';

export type Notice = Omit<NotifyInput, 'userId'>;

const yuan = (fen: number) => `¥${(fen / 100).toFixed(2)}`;
const link = (id: string) => `/after-sales/${id}`;
const TYPE_ZH = { refund_only: '仅退款', return_refund: '退货退款', exchange: '换货' } as const;
type Kind = keyof typeof TYPE_ZH;
const REASON_ZH: Record<string, string> = {
  no_reason: '七天无理由退货',
  not_received: '未收到货',
  quality_problem: '商品质量问题',
  not_as_described: '与描述不符',
  wrong_item: '发错货',
  damaged: '商品破损',
  missing_parts: '少件/漏发',
  other: '其他',
};
const ACTOR_ZH: Record<string, string> = { buyer: '买家', shop: '商家', platform: '平台' };
const STEP_ZH: Record<string, string> = {
  requested: '提交申请',
  approved: '同意申请',
  approved_automatically: '逾期未处理，自动同意',
  refused: '拒绝申请',
  return_shipped: '寄回商品',
  return_received: '确认收到退货',
  refunded: '退款',
  refunded_automatically: '逾期未确认，自动退款',
  exchange_shipped: '寄出换货商品',
  withdrawn: '撤销申请',
  closed_not_shipped: '逾期未寄回，申请关闭',
  escalated: '申请平台介入',
  escalation_window_closed: '申请平台介入的期限已过',
};

/**
 * The request's whole history as the words a dispute carries (D7): what was asked, for which
 * goods, then each step with who took it and when (Beijing time), and what they wrote.
 */
export function historyText(
  r: { type: Kind; reason: string; amount: number },
  items: readonly { title: string; sku_name: string; quantity: number }[],
  steps: readonly { at: Date; actor: string; type: string; body: string | null }[],
): string {
  return [
    `售后申请：${TYPE_ZH[r.type]}，原因：${REASON_ZH[r.reason] ?? r.reason}，金额 ${yuan(r.amount)}`,
    `商品：${items.map((i) => `${i.title}（${i.sku_name}）×${i.quantity}`).join('；')}`,
    ...steps.map((e) => `${formatDueZh(e.at)} ${ACTOR_ZH[e.actor] ?? e.actor}${STEP_ZH[e.type] ?? e.type}${e.body ? `：${e.body}` : ''}`),
  ].join('\n');
}

export const notices = {
  /** To the shop: answer within 48 h, or it is approved. */
  requested: (id: string, type: Kind, due: Date): Notice => ({
    kind: 'after_sale.requested',
    title: `买家申请了${TYPE_ZH[type]}`,
    body: `请在 ${formatDueZh(due)} 前处理，逾期未处理的，申请将自动同意。`,
    link: link(id),
    dueAt: due,
    sms: true,
  }),
  /** To the buyer: approved (by the shop or by its silence); a return must be shipped in 7 days. */
  approved: (id: string, automatic: boolean, shipBy: Date | null): Notice => ({
    kind: 'after_sale.approved',
    title: automatic ? '商家未及时处理，售后申请已自动同意' : '商家已同意您的售后申请',
    body: shipBy ? `请在 ${formatDueZh(shipBy)} 前寄回商品并填写运单号，逾期申请将关闭。` : '退款已原路退回。',
    link: link(id),
    dueAt: shipBy,
    sms: shipBy !== null,
  }),
  /** To the buyer: refused with a reason; escalate within 7 days. */
  refused: (id: string, due: Date): Notice => ({
    kind: 'after_sale.refused',
    title: '商家拒绝了您的售后申请',
    body: `如不同意，可在 ${formatDueZh(due)} 前申请平台介入。`,
    link: link(id),
    dueAt: due,
  }),
  /** To the shop: the return is on its way; confirm within 7 days or the refund is automatic (R10). */
  returnShipped: (id: string, due: Date): Notice => ({
    kind: 'after_sale.return_shipped',
    title: '买家已寄回商品',
    body: `请在 ${formatDueZh(due)} 前确认收货，逾期将自动退款。`,
    link: link(id),
    dueAt: due,
    sms: true,
  }),
  /** To the buyer of an exchange: the shop has the goods back and ships the replacement within 48 h. */
  returnReceived: (id: string, due: Date): Notice => ({
    kind: 'after_sale.return_received',
    title: '商家已收到退回的商品',
    body: `商家须在 ${formatDueZh(due)} 前寄出换货商品，逾期您可申请平台介入。`,
    link: link(id),
  }),
  refunded: (id: string, amount: number, automatic: boolean): Notice => ({
    kind: 'after_sale.refunded',
    title: automatic ? '售后已自动退款' : '售后退款已完成',
    body: `已退款 ${yuan(amount)}。`,
    link: link(id),
  }),
  exchangeShipped: (id: string): Notice => ({ kind: 'after_sale.exchange_shipped', title: '换货商品已寄出', body: '商家已寄出换货商品，请留意查收。', link: link(id) }),
  withdrawn: (id: string): Notice => ({ kind: 'after_sale.withdrawn', title: '买家已撤销售后申请', body: '售后已结束。', link: link(id) }),
  /** To both: the buyer did not ship an approved return within 7 days. */
  closed: (id: string): Notice => ({ kind: 'after_sale.closed', title: '售后已关闭', body: '买家未在 7 日内寄回商品，售后申请已关闭。', link: link(id) }),
  escalated: (id: string, disputeId: string): Notice => ({ kind: 'after_sale.escalated', title: '售后已申请平台介入', body: '售后记录已全部转入纠纷处理。', link: `/disputes/${disputeId}` }),
};
