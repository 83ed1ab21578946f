/** What people are told when a report of a chat message is closed (zh-CN; the web words each kind). */
import type { NotifyInput } from '../notifications/index.js';
import type { ChatReportOutcome } from './tables.js';

const TO_REPORTER: Record<ChatReportOutcome, string> = {
  dismissed: '经平台核查，被举报的消息未发现违规。',
  warned: '平台已核实你的举报，并已警告对方。',
  removed: '平台已核实你的举报，该消息已被删除。',
};

const link = (conversationId: string) => `/conversations/${conversationId}`;

export const notices = {
  /** The reporter learns the outcome. */
  resolved: (userId: string, conversationId: string, outcome: ChatReportOutcome): NotifyInput => ({
    userId,
    kind: 'chat_report.resolved',
    title: '你的举报已处理',
    body: TO_REPORTER[outcome],
    link: link(conversationId),
  }),
  /** The sender of a message the platform found wrong: warned, or the message removed. */
  toSender: (userId: string, conversationId: string, outcome: 'warned' | 'removed'): NotifyInput =>
    outcome === 'warned'
      ? { userId, kind: 'chat_report.warning', title: '平台警告', body: '你在聊天中发送的消息被举报并经平台核实违规，请遵守平台规则，不要骚扰、欺诈或发送垃圾信息。', link: link(conversationId) }
      : { userId, kind: 'chat_report.message_removed', title: '你的消息已被平台删除', body: '你在聊天中发送的一条消息经平台核实违规，已被删除。', link: link(conversationId) },
};
