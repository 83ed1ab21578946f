/**
 * Chat governance (issue 18 items 4 and 5): a party reports the other side's message;
 * the admin reads the report with the messages around it and closes it; a dispute carries
 * the chat between its buyer and the order's shop as evidence.
 *
 * Admins read chats only here, and every such read is a personal-data read of both
 * parties (PIPL art. 6; RULES.md D3): an access-log row for the buyer and for each member
 * of the shop whose messages were shown, with purpose `chat_report` or `chat_dispute`,
 * and an audit row. The parties see the evidence as they see their chat: masked.
 *
 * @example
 *   const report = await governance.report(buyerId, messageId, { reason: 'fraud' });
 *   const { messages } = await governance.adminRead(adminId, report.id); // logged
 */
import type { Kysely } from 'kysely';
import type { DB, Executor } from '../../database.js';
import type { Clock } from '../../lib/clock.js';
import { notFound } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import { nextCursor } from '../../lib/paging.js';
import type { AccountsService } from '../accounts/index.js';
import type { AuditService } from '../audit/index.js';
import type { DisputeRow, DisputesService } from '../disputes/index.js';
import type { NotificationsService } from '../notifications/index.js';
import type { OperatorsService } from '../operators/index.js';
import type { AccessReason, PrivacyService } from '../privacy/index.js';
import { chatGovernanceErrors as errors } from './errors.js';
import { notices } from './notices.js';
import { chatGovernanceRepo as repo, type ChatMessageRow, type ChatReportRow, type ConversationRow } from './repo.js';
import type { AdminReportView, ChatGovernanceApi, DisputeChatView } from './routes.js';
import { adminMessage, partyMessage, reportView } from './view.js';

/** The reported message and this many either side: enough to see how it came about. */
const AROUND = 10;

export interface ChatGovernanceDeps {
  db: Kysely<DB>;
  privacy: Pick<PrivacyService, 'logRead' | 'readAs' | 'readOwn'>;
  audit: AuditService;
  notifications: Pick<NotificationsService, 'notify'>;
  accounts: Pick<AccountsService, 'displayNames'>;
  operators: Pick<OperatorsService, 'sellingStatus'>;
  disputes: Pick<DisputesService, 'partyOf'>;
  /** The chat core's shop roles (operators/members.ts): owner or staff of the shop, else undefined. */
  shopRole: (ex: Executor, userId: string, operatorId: string) => Promise<'owner' | 'staff' | undefined>;
  clock: Clock;
}

export function createChatGovernanceService(deps: ChatGovernanceDeps) {
  const { db, privacy, audit, notifications, accounts, operators, disputes, shopRole, clock } = deps;

  /** The conversation's parties as an admin sees them: display names, never a phone or an address (D3). */
  async function parties(ex: Executor, c: ConversationRow) {
    const names = await accounts.displayNames(ex, [c.buyer_id]);
    const shop = await operators.sellingStatus(ex, c.operator_id);
    return { buyer: { id: c.buyer_id, displayName: names.get(c.buyer_id) ?? '' }, shop: { id: c.operator_id, shopName: shop?.shopName ?? '' } };
  }

  async function adminReport(ex: Executor, r: ChatReportRow, c?: ConversationRow): Promise<AdminReportView> {
    const conversation = c ?? (await repo.conversation(ex, r.conversation_id))!;
    return { ...reportView(r), reporter: r.reporter_side, resolutionNote: r.resolution_note, ...(await parties(ex, conversation)) };
  }

  /**
   * An admin reads these messages unmasked: the originals masking changed are opened from
   * the vault under their senders (the chat core seals them as `chat_message`). One
   * access-log row per person whose words are shown — the buyer, and each member of the
   * shop who wrote one of them (the owner when no shop message is among them) — and an
   * audit row each. Returns the originals by message id.
   */
  async function readAsAdmin(ex: Executor, adminId: string, c: ConversationRow, messages: readonly ChatMessageRow[], reason: AccessReason): Promise<Map<string, string>> {
    const subjects = new Set<string>([c.buyer_id]);
    for (const m of messages) if (m.from_side === 'shop' && m.sender_id) subjects.add(m.sender_id);
    if (subjects.size === 1) {
      const owner = (await operators.sellingStatus(ex, c.operator_id))?.ownerId;
      if (owner) subjects.add(owner);
    }
    const unmasked = new Map<string, string>();
    for (const subjectId of subjects) {
      const sealed = messages.filter((m) => m.sender_id === subjectId && m.original_record_id !== null);
      const access = { actorId: adminId, as: { role: 'admin' } as const, subjectId, reason };
      if (sealed.length > 0) {
        const records = new Map((await privacy.readAs(ex, { ...access, kinds: ['chat_message'] })).map((r) => [r.id, r.value]));
        for (const m of sealed) {
          const original = records.get(m.original_record_id!);
          if (original !== undefined) unmasked.set(m.id, original);
        }
      } else {
        await privacy.logRead(ex, { ...access, fields: ['chat_message'] });
      }
      await audit.record(ex, { actorId: adminId, action: 'personal_data.read', targetType: 'user', targetId: subjectId, detail: { fields: ['chat_message'], reason: reason.code, conversationId: c.id } });
    }
    return unmasked;
  }

  /** A dispute's conversation: attached when the case opened, else the pair's (a chat begun during the case). */
  async function disputeConversation(ex: Executor, d: DisputeRow) {
    const attached = await repo.attachment(ex, d.id);
    const conversation = attached ? await repo.conversation(ex, attached.conversation_id) : await repo.conversationOf(ex, d.buyer_id, d.operator_id);
    return { conversation, upToSeq: attached?.up_to_seq ?? null };
  }

  /** Messages sent before the case closed (all while it is open), oldest first, paged by seq. */
  async function evidencePage(ex: Executor, d: DisputeRow, page: { limit: number; cursor?: string | undefined }) {
    const { conversation, upToSeq } = await disputeConversation(ex, d);
    const after = page.cursor && /^\d{1,9}$/.test(page.cursor) ? Number(page.cursor) : 0;
    const rows = conversation ? await repo.messagesUntil(ex, conversation.id, d.closed_at, { after, limit: page.limit }) : [];
    return { conversation, upToSeq, rows, nextCursor: nextCursor(rows, page.limit, (m) => String(m.seq)) };
  }

  async function disputeChat(ex: Executor, d: DisputeRow, found: Awaited<ReturnType<typeof evidencePage>>, text: (m: ChatMessageRow) => DisputeChatView['items'][number]): Promise<DisputeChatView> {
    const { conversation } = found;
    const names = conversation
      ? await parties(ex, conversation)
      : await parties(ex, { id: '', buyer_id: d.buyer_id, operator_id: d.operator_id, last_seq: 0 });
    return {
      attached: conversation !== undefined,
      conversationId: conversation?.id ?? null,
      ...names,
      upToSeq: found.upToSeq,
      untilAt: d.closed_at ? d.closed_at.toISOString() : null,
      items: found.rows.map(text),
      nextCursor: found.nextCursor,
    };
  }

  return {
    async report(userId, messageId, input) {
      return db.transaction().execute(async (tx) => {
        const message = await repo.message(tx, messageId);
        const conversation = message && (await repo.conversation(tx, message.conversation_id));
        if (!message || !conversation) throw notFound('message');
        const side = conversation.buyer_id === userId ? 'buyer' : (await shopRole(tx, userId, conversation.operator_id)) ? 'shop' : undefined;
        if (!side) throw notFound('message');
        if (message.from_side === side) throw errors.ownMessage();
        const row = { id: newId(clock.now().getTime()), message_id: message.id, conversation_id: conversation.id, reporter_id: userId, reporter_side: side, reason: input.reason, note: input.note ?? null, created_at: clock.now() } as const;
        if (!(await repo.insertReport(tx, row))) throw errors.alreadyReported((await repo.openReportOf(tx, message.id, userId))?.id ?? '');
        return reportView((await repo.report(tx, row.id))!);
      });
    },

    async adminList(query) {
      const rows = await repo.reports(db, query);
      const items: AdminReportView[] = [];
      for (const r of rows) items.push(await adminReport(db, r));
      return { items, nextCursor: nextCursor(rows, query.limit) };
    },

    async adminRead(adminId, reportId) {
      return db.transaction().execute(async (tx) => {
        const r = await repo.report(tx, reportId);
        if (!r) throw notFound('report');
        const conversation = (await repo.conversation(tx, r.conversation_id))!;
        const reported = (await repo.message(tx, r.message_id))!;
        const messages = await repo.messagesBetween(tx, conversation.id, reported.seq - AROUND, reported.seq + AROUND);
        const unmasked = await readAsAdmin(tx, adminId, conversation, messages, { code: 'chat_report', reportId: r.id });
        return { report: await adminReport(tx, r, conversation), messages: messages.map((m) => adminMessage(m, unmasked.get(m.id))) };
      });
    },

    async resolve(adminId, reportId, input) {
      return db.transaction().execute(async (tx) => {
        const r = await repo.reportForUpdate(tx, reportId);
        if (!r) throw notFound('report');
        if (r.status !== 'open') throw errors.alreadyResolved();
        const now = clock.now();
        const message = (await repo.message(tx, r.message_id))!;
        // A removal settles every open report of the message: there is nothing left to decide.
        const settled = input.outcome === 'removed' ? await repo.openReportsOfMessage(tx, r.message_id) : [r];
        for (const s of settled) {
          await repo.resolve(tx, s.id, { outcome: input.outcome, resolution_note: input.note, resolved_by: adminId, resolved_at: now });
          await notifications.notify(tx, notices.resolved(s.reporter_id, s.conversation_id, input.outcome));
        }
        if (input.outcome === 'removed') await repo.markRemoved(tx, message.id, now);
        if (input.outcome !== 'dismissed' && message.sender_id) await notifications.notify(tx, notices.toSender(message.sender_id, r.conversation_id, input.outcome));
        await audit.record(tx, { actorId: adminId, action: 'chat_report.resolve', targetType: 'chat_report', targetId: r.id, detail: { outcome: input.outcome, messageId: message.id, reports: settled.length } });
        return adminReport(tx, (await repo.report(tx, r.id))!);
      });
    },

    async disputeChatForParty(userId, disputeId, page) {
      const { d, role } = await disputes.partyOf(db, userId, disputeId);
      // A named service provider is a party to the case, not to the chat.
      if (role !== 'buyer' && role !== 'operator') throw notFound('dispute');
      return disputeChat(db, d, await evidencePage(db, d, page), partyMessage);
    },

    async disputeChatForAdmin(adminId, disputeId, page) {
      return db.transaction().execute(async (tx) => {
        const { d } = await disputes.partyOf(tx, adminId, disputeId, true);
        const found = await evidencePage(tx, d, page);
        const unmasked = found.conversation && found.rows.length > 0 ? await readAsAdmin(tx, adminId, found.conversation, found.rows, { code: 'chat_dispute', disputeId: d.id }) : new Map<string, string>();
        return disputeChat(tx, d, found, (m) => adminMessage(m, unmasked.get(m.id)));
      });
    },

    /**
     * The buyer's conversations for their export (PIPL art. 45): what they wrote as they
     * wrote it (the original of a masked line), the shop's side as they were shown it, and
     * the reports they made. Their own data, so no read is logged.
     */
    async exportOf(ex: Executor, userId: string) {
      const conversations = await repo.conversationsOfBuyer(ex, userId);
      const messages = await repo.messagesOf(ex, conversations.map((c) => c.id));
      // Their own originals, opened as their own (no read by another to log).
      const own = new Map((await privacy.readOwn(ex, userId, ['chat_message'])).map((r) => [r.id, r.value]));
      const original = (m: ChatMessageRow) => (m.original_record_id ? own.get(m.original_record_id) : undefined) ?? m.body;
      const shown = (m: ChatMessageRow) => (m.sender_id === userId ? { ...partyMessage({ ...m, removed_at: null }), text: original(m), removed: m.removed_at !== null } : partyMessage(m));
      const result = [];
      for (const c of conversations) {
        result.push({ id: c.id, shop: (await parties(ex, c)).shop, messages: messages.filter((m) => m.conversation_id === c.id).map(shown) });
      }
      return { conversations: result, reports: (await repo.reportsBy(ex, userId)).map(reportView) };
    },

    /**
     * When a dispute opens (in its transaction): the conversation between the buyer and
     * the order's shop is attached, with its last message so far. No conversation yet: one
     * begun while the case is open is found by the pair when read.
     */
    async attachToDispute(tx: Executor, dispute: { id: string; buyerId: string; operatorId: string }): Promise<void> {
      const conversation = await repo.conversationOf(tx, dispute.buyerId, dispute.operatorId);
      if (conversation) await repo.attach(tx, { dispute_id: dispute.id, conversation_id: conversation.id, up_to_seq: conversation.last_seq, attached_at: clock.now() });
    },
  } satisfies ChatGovernanceApi & Record<string, unknown>;
}

export type ChatGovernanceService = ReturnType<typeof createChatGovernanceService>;
