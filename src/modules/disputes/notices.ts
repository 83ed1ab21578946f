/**
 * What each party is told at each step — what is now due from it
 * and by when. Titles and bodies are zh-CN (the web translates by `kind`); deadlines
 * in Beijing time. Deadlines that cost a party its say (the 48 h answer, the 7 days
 * to escalate) also go by SMS.
 */
import { formatDueZh, type NotifyInput } from '../notifications/index.js';

export type Notice = Omit<NotifyInput, 'userId'>;
export type Party = 'buyer' | 'operator' | 'provider';

const yuan = (fen: number) => `¥${(fen / 100).toFixed(2)}`;
const link = (id: string) => `/disputes/${id}`;

export const notices = {
  /** Opened (or a provider named later): the operator or provider must answer within 48 h. */
  answerDue: (id: string, party: 'operator' | 'provider', due: Date): Notice => ({
    kind: 'dispute.answer_due',
    title: party === 'operator' ? '买家对订单发起了纠纷' : '您被列为纠纷的当事方',
    body: `请在 ${formatDueZh(due)} 前答复纠纷，逾期未答复的，平台将自动介入。`,
    link: link(id),
    dueAt: due,
    sms: true,
  }),

  /** To the buyer who opened it: nothing is due from it; who must answer by when. */
  awaitingAnswer: (id: string, due: Date): Notice => ({
    kind: 'dispute.awaiting_answer',
    title: '纠纷已提交',
    body: `商家须在 ${formatDueZh(due)} 前答复，逾期未答复的，平台将自动介入。`,
    link: link(id),
  }),

  /** The sweep, 12 h before the 48 h run out: once per party. */
  answerReminder: (id: string, due: Date): Notice => ({
    kind: 'dispute.answer_reminder',
    title: '纠纷答复即将到期',
    body: `请在 ${formatDueZh(due)} 前答复纠纷，逾期平台将自动介入。`,
    link: link(id),
    dueAt: due,
    sms: true,
  }),

  /** The operator refused: the buyer may ask the platform to rule within 7 days. */
  escalateDue: (id: string, due: Date): Notice => ({
    kind: 'dispute.escalate_due',
    title: '商家拒绝了您的纠纷诉求',
    body: `如不同意，请在 ${formatDueZh(due)} 前申请平台介入，逾期纠纷将关闭。`,
    link: link(id),
    dueAt: due,
    sms: true,
  }),

  /** A provider answered: the others learn its answer. */
  providerAnswered: (id: string, accepted: boolean, share: number | null): Notice => ({
    kind: 'dispute.provider_answered',
    title: '服务提供者已答复纠纷',
    body: accepted ? `服务提供者同意承担 ${yuan(share ?? 0)}。` : '服务提供者拒绝了纠纷诉求。',
    link: link(id),
  }),

  /** Escalated by a party or the timer: the platform rules within 5 days; each party may still add evidence. */
  rulingDue: (id: string, due: Date, automatic: boolean): Notice => ({
    kind: 'dispute.ruling_due',
    title: automatic ? '纠纷已自动提交平台裁决' : '纠纷已提交平台裁决',
    body: `平台将在 ${formatDueZh(due)} 前作出裁决，期间可继续补充说明和证据。`,
    link: link(id),
    dueAt: due,
  }),

  /** The case is over: how it ended. */
  outcome: (id: string, outcome: { status: 'resolved'; by: 'operator' | 'platform'; refund: number; compensation: number } | { status: 'withdrawn' | 'closed' }): Notice => ({
    kind: 'dispute.outcome',
    title: outcome.status === 'resolved' ? (outcome.by === 'operator' ? '商家已同意纠纷诉求' : '平台已作出裁决') : outcome.status === 'withdrawn' ? '买家已撤回纠纷' : '纠纷已关闭',
    body:
      outcome.status === 'resolved'
        ? `退款 ${yuan(outcome.refund)}，赔偿 ${yuan(outcome.compensation)}，款项已即时支付。`
        : outcome.status === 'withdrawn'
          ? '纠纷已结束，订单恢复正常流程。'
          : '买家未在 7 日内申请平台介入，纠纷已关闭。',
    link: link(id),
  }),

  /** An admin named a provider: the other parties learn who joined. */
  partyAdded: (id: string, companyName: string): Notice => ({
    kind: 'dispute.party_added',
    title: '纠纷新增当事方',
    body: `平台将服务提供者「${companyName}」列为本纠纷的当事方。`,
    link: link(id),
  }),
};
