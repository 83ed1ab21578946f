/**
 * 问大家 (issue 18 item 7): anyone signed in asks about a product; only buyers who
 * received it (their answer shows the SKU bought) or its shop answer — R11: answers
 * come from real purchases, and the shop can neither edit, hide nor delete a
 * question or a buyer's answer (there is no function here that lets it). Only the
 * platform hides, after a report, audited.
 *
 * A new question invites up to 5 recent buyers of the product who granted
 * `qa_invitations` (PIPL art. 14: opt-in) — after commit, by a job or the sweep.
 *
 * @example
 *   const q = await questions.ask(userId, productId, { text: '尺码偏大吗？' });
 *   await questions.answer(buyerId, q.id, { text: '正常码，按平时买就行' });
 */
import type { Kysely } from 'kysely';
import type { Static } from 'typebox';
import type { DB, Executor } from '../../database.js';
import { DAY, type Clock } from '../../lib/clock.js';
import { notFound, validationFailed } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import { nextCursor } from '../../lib/paging.js';
import type { AccountsService } from '../accounts/index.js';
import type { AuditService } from '../audit/index.js';
import type { CatalogService } from '../catalog/index.js';
import type { NotificationsService } from '../notifications/index.js';
import { shopRole, type OperatorsService } from '../operators/index.js';
import type { OrdersService } from '../orders/index.js';
import type { ConsentsService } from '../privacy/index.js';
import { findProhibited } from '../social/index.js';
import { questionsErrors as errors } from './errors.js';
import { notices } from './notices.js';
import { questionsRepo as repo, type After, type AnswerRow, type QuestionRow, type ReportRow, type Sort } from './repo.js';
import { ANONYMOUS_NAME, TOP_ANSWERS } from './schema.js';
import type * as S from './schema.js';
import type { ReportTarget } from './tables.js';

export type QuestionView = Static<typeof S.Question>;
export type QuestionDetailView = Static<typeof S.QuestionDetail>;
export type AnswerView = Static<typeof S.Answer>;
export type ReportView = Static<typeof S.Report>;
export type QueuedReportView = Static<typeof S.QueuedReport>;
type Page<T> = { items: T[]; nextCursor: string | null };

/** A person asks at most 10 questions in any 24 hours (spam, not curiosity, asks more). */
export const QUESTIONS_PER_DAY = 10;
/** Recent buyers invited to answer a new question. */
export const INVITES_PER_QUESTION = 5;
/** Recent receivers looked at to find the consenting ones. */
const INVITE_CANDIDATES = 200;

const iso = (d: Date) => d.toISOString();

export interface QuestionsDeps {
  db: Kysely<DB>;
  catalog: Pick<CatalogService, 'findProduct'>;
  orders: Pick<OrdersService, 'latestReceivedItem' | 'recentReceivers'>;
  operators: Pick<OperatorsService, 'summaries'>;
  accounts: Pick<AccountsService, 'displayNames'>;
  consents: Pick<ConsentsService, 'grantedUsers'>;
  notifications: Pick<NotificationsService, 'notify'>;
  audit: AuditService;
  clock: Clock;
  prohibitedWords: readonly string[];
  /** Queue the invitations of a new question, in its transaction (a job runs them after commit). */
  enqueueInvitations: (ex: Executor, questionId: string) => Promise<void>;
}

export function createQuestionsService(deps: QuestionsDeps) {
  const { db, catalog, orders, operators, accounts, consents, notifications, audit, clock, prohibitedWords } = deps;

  function checkWords(text: string): void {
    const word = findProhibited([text], prohibitedWords);
    if (word !== undefined) throw errors.prohibited(word);
  }

  async function product(ex: Executor, productId: string) {
    const row = await catalog.findProduct(ex, productId);
    if (!row) throw notFound('product');
    return row;
  }

  async function visibleQuestion(ex: Executor, id: string, forUpdate = false): Promise<QuestionRow> {
    const row = forUpdate ? await repo.findForUpdate(ex, id) : await repo.find(ex, id);
    if (!row || row.hidden_at || row.deleted_at) throw notFound('question');
    return row;
  }

  async function visibleAnswer(ex: Executor, id: string, forUpdate = false): Promise<AnswerRow> {
    const row = forUpdate ? await repo.findAnswerForUpdate(ex, id) : await repo.findAnswer(ex, id);
    if (!row || row.hidden_at || row.deleted_at) throw notFound('answer');
    return row;
  }

  /** The shop answers as itself through any member: its owner or the staff the owner added. */
  async function isShop(ex: Executor, userId: string, operatorId: string): Promise<boolean> {
    return (await shopRole(ex, userId, operatorId)) !== undefined;
  }

  function decodeCursor(cursor: string | undefined, sort: Sort): After | undefined {
    if (cursor === undefined) return undefined;
    if (sort === 'newest') return { useful: 0, id: cursor };
    const match = /^(\d{1,9})\.(.+)$/.exec(cursor);
    if (!match) throw validationFailed([{ path: '/querystring/cursor', message: 'is not a cursor this list gave' }]);
    return { useful: Number(match[1]), id: match[2]! };
  }
  const usefulKey = (r: { useful_count: number; id: string }) => `${r.useful_count}.${r.id}`;

  /** Answers as everyone reads them: a buyer by display name (or pseudonym) with the SKU; the shop by its name. */
  async function presentAnswers(ex: Executor, rows: AnswerRow[], viewerId?: string): Promise<AnswerView[]> {
    const buyers = [...new Set(rows.filter((r) => !r.by_shop).map((r) => r.author_id))];
    const names = buyers.length > 0 ? await accounts.displayNames(ex, buyers) : new Map<string, string>();
    const shopOf = new Map<string, string>();
    const shopAnswers = rows.filter((r) => r.by_shop);
    if (shopAnswers.length > 0) {
      const questions = new Map<string, string>();
      for (const r of shopAnswers) if (!questions.has(r.question_id)) questions.set(r.question_id, (await repo.find(ex, r.question_id))!.operator_id);
      const shops = await operators.summaries(ex, [...new Set(questions.values())]);
      for (const [questionId, operatorId] of questions) shopOf.set(questionId, shops.get(operatorId)?.shopName ?? '');
    }
    const useful = viewerId ? await repo.usefulBy(ex, viewerId, rows.map((r) => r.id)) : new Set<string>();
    return rows.map((r) => ({
      id: r.id,
      questionId: r.question_id,
      text: r.text,
      author: { name: r.by_shop ? (shopOf.get(r.question_id) ?? '') : (names.get(r.author_id) ?? '') },
      byShop: r.by_shop,
      verifiedPurchase: r.verified_purchase,
      sku: r.sku_name,
      usefulCount: r.useful_count,
      usefulByMe: useful.has(r.id),
      createdAt: iso(r.created_at),
    }));
  }

  async function presentQuestions(ex: Executor, rows: QuestionRow[], viewerId?: string): Promise<QuestionView[]> {
    const named = [...new Set(rows.filter((r) => !r.anonymous).map((r) => r.asker_id))];
    const names = named.length > 0 ? await accounts.displayNames(ex, named) : new Map<string, string>();
    const top = await presentAnswers(ex, await repo.topAnswers(ex, rows.map((r) => r.id), TOP_ANSWERS), viewerId);
    const answered = viewerId ? await repo.answeredBy(ex, viewerId, rows.map((r) => r.id)) : new Set<string>();
    return rows.map((r) => ({
      id: r.id,
      productId: r.product_id,
      text: r.text,
      asker: r.anonymous ? ANONYMOUS_NAME : (names.get(r.asker_id) ?? ''),
      anonymous: r.anonymous,
      answerCount: r.answer_count,
      usefulCount: r.useful_count,
      answers: top.filter((a) => a.questionId === r.id),
      mine: viewerId === r.asker_id,
      answeredByMe: answered.has(r.id),
      createdAt: iso(r.created_at),
    }));
  }

  const reportView = (r: ReportRow): ReportView => ({
    id: r.id,
    targetType: r.target_type,
    targetId: r.target_id,
    questionId: r.question_id,
    reason: r.reason,
    status: r.resolved_at ? 'resolved' : 'open',
    createdAt: iso(r.created_at),
  });

  /** Who may answer, and as what: the shop, a buyer with the SKU received, or nobody (null). */
  async function answererOf(ex: Executor, userId: string, question: QuestionRow) {
    if (await isShop(ex, userId, question.operator_id)) return { by_shop: true, verified_purchase: false, sku_name: null };
    const item = await orders.latestReceivedItem(ex, userId, question.product_id);
    return item ? { by_shop: false, verified_purchase: true, sku_name: item.sku_name } : null;
  }

  return {
    /** Anyone signed in asks (5–300 characters, no prohibited word, 10 in any 24 hours). */
    async ask(userId: string, productId: string, input: Static<typeof S.QuestionBody>): Promise<QuestionView> {
      const text = input.text.trim();
      checkWords(text);
      return db.transaction().execute(async (tx) => {
        const row = await product(tx, productId);
        const now = clock.now();
        const recent = await repo.askedSince(tx, userId, new Date(now.getTime() - DAY));
        if (recent.length >= QUESTIONS_PER_DAY) throw errors.dailyLimit(Math.max(1, Math.ceil((recent[0]!.getTime() + DAY - now.getTime()) / 1000)));
        const id = newId(now.getTime());
        await repo.insert(tx, { id, product_id: productId, operator_id: row.operator_id, asker_id: userId, text, anonymous: input.anonymous ?? false, created_at: now });
        await repo.moveProductTotal(tx, productId, 1);
        await deps.enqueueInvitations(tx, id);
        const [view] = await presentQuestions(tx, [(await repo.find(tx, id))!], userId);
        return view!;
      });
    },

    /** A product's visible questions with their top 2 answers, newest or most useful first, and the kept total. */
    async ofProduct(productId: string, query: Static<typeof S.ProductQuestionsQuery> & { limit: number }, viewerId?: string): Promise<Page<QuestionView> & { total: number }> {
      await product(db, productId);
      const sort = query.sort ?? 'newest';
      const rows = await repo.ofProduct(db, { productId, sort, after: decodeCursor(query.cursor, sort), limit: query.limit });
      return {
        items: await presentQuestions(db, rows, viewerId),
        nextCursor: nextCursor(rows, query.limit, sort === 'useful' ? usefulKey : (r) => r.id),
        total: await repo.productTotal(db, productId),
      };
    },

    /** One question and a page of its answers (most useful first); `canAnswer` decided here for the caller. */
    async get(id: string, query: Static<typeof S.AnswersQuery> & { limit: number }, viewerId?: string): Promise<QuestionDetailView> {
      const row = await visibleQuestion(db, id);
      const [view] = await presentQuestions(db, [row], viewerId);
      const answers = await repo.answersOf(db, id, { after: decodeCursor(query.cursor, 'useful'), limit: query.limit });
      const canAnswer = viewerId !== undefined && !view!.answeredByMe && (await answererOf(db, viewerId, row)) !== null;
      const title = (await catalog.findProduct(db, row.product_id))?.title ?? '';
      return { ...view!, productTitle: title, canAnswer, answerPage: { items: await presentAnswers(db, answers, viewerId), nextCursor: nextCursor(answers, query.limit, usefulKey) } };
    },

    /** A buyer who received the product (marked with the SKU) or its shop answers, once; anyone else: 403 NOT_A_BUYER. */
    async answer(userId: string, questionId: string, input: Static<typeof S.AnswerBody>): Promise<AnswerView> {
      const text = input.text.trim();
      if (text.length < 2) throw validationFailed([{ path: '/body/text', message: 'must have at least 2 characters besides blanks' }]);
      checkWords(text);
      return db.transaction().execute(async (tx) => {
        const question = await visibleQuestion(tx, questionId, true);
        const as = await answererOf(tx, userId, question);
        if (!as) throw errors.notABuyer();
        const now = clock.now();
        const id = await repo.insertAnswer(tx, { id: newId(now.getTime()), question_id: questionId, product_id: question.product_id, author_id: userId, text, created_at: now, ...as });
        if (!id) throw errors.alreadyAnswered();
        await repo.moveQuestion(tx, questionId, { answers: 1 });
        const [view] = await presentAnswers(tx, [(await repo.findAnswer(tx, id))!], userId);
        return view!;
      });
    },

    /** Useful, once per user (idempotent both ways); the answer's and its question's counts follow the vote. */
    async useful(userId: string, answerId: string, useful: boolean): Promise<Static<typeof S.Useful>> {
      return db.transaction().execute(async (tx) => {
        const row = await visibleAnswer(tx, answerId);
        const changed = useful ? await repo.addUseful(tx, answerId, userId, clock.now()) : await repo.removeUseful(tx, answerId, userId);
        if (!changed) return { usefulCount: row.useful_count, usefulByMe: useful };
        const by = useful ? 1 : -1;
        const usefulCount = await repo.moveAnswerUseful(tx, answerId, by);
        await repo.moveQuestion(tx, row.question_id, { useful: by });
        return { usefulCount, usefulByMe: useful };
      });
    },

    /** Anyone signed in reports a question or an answer, once each (again: the first report). */
    async report(userId: string, target: ReportTarget, id: string, reason: string): Promise<ReportView> {
      return db.transaction().execute(async (tx) => {
        const questionId = target === 'question' ? (await visibleQuestion(tx, id)).id : (await visibleAnswer(tx, id)).question_id;
        const now = clock.now();
        return reportView(await repo.insertReport(tx, { id: newId(now.getTime()), target_type: target, target_id: id, question_id: questionId, reporter_id: userId, reason: reason.trim(), created_at: now }));
      });
    },

    /** The admin queue: open reports, oldest first, with the text reported. */
    async reports(query: { cursor?: string | undefined; limit: number }): Promise<Page<QueuedReportView>> {
      const rows = await repo.openReports(db, { after: query.cursor, limit: query.limit });
      const items: QueuedReportView[] = [];
      for (const r of rows) {
        const target = r.target_type === 'question' ? await repo.find(db, r.target_id) : await repo.findAnswer(db, r.target_id);
        items.push({ ...reportView(r), text: target?.text ?? '', productId: target?.product_id ?? '' });
      }
      return { items, nextCursor: nextCursor(rows, query.limit) };
    },

    /**
     * R11: only the platform hides a question or an answer, with a reason, audited in
     * the same transaction; its reports are resolved and the counts it moved go back.
     */
    async hide(adminId: string, target: ReportTarget, id: string, reason: string): Promise<void> {
      await db.transaction().execute(async (tx) => {
        const now = clock.now();
        if (target === 'question') {
          const row = await repo.findForUpdate(tx, id);
          if (!row || row.deleted_at) throw notFound('question');
          if (row.hidden_at) throw errors.alreadyHidden();
          await repo.hide(tx, 'questions', id, now, reason);
          await repo.moveProductTotal(tx, row.product_id, -1);
        } else {
          const row = await repo.findAnswerForUpdate(tx, id);
          if (!row || row.deleted_at) throw notFound('answer');
          if (row.hidden_at) throw errors.alreadyHidden();
          await repo.hide(tx, 'question_answers', id, now, reason);
          await repo.moveQuestion(tx, row.question_id, { answers: -1, useful: -row.useful_count });
        }
        await repo.resolveReports(tx, target, id, now);
        await audit.record(tx, { actorId: adminId, action: target === 'question' ? 'question.hide' : 'question_answer.hide', targetType: target === 'question' ? 'question' : 'question_answer', targetId: id, detail: { reason } });
      });
    },

    /**
     * Invites up to 5 recent receivers of the product (latest receipt first, not the
     * asker) who granted `qa_invitations`; erased accounts have no consents left, so
     * they are never among them. Once per question, whichever worker comes first.
     */
    async invite(questionId: string): Promise<number> {
      return db.transaction().execute(async (tx) => {
        const question = await repo.findForUpdate(tx, questionId);
        if (!question || question.invited_at) return 0;
        const now = clock.now();
        await repo.markInvited(tx, questionId, now);
        if (question.hidden_at || question.deleted_at) return 0;
        const receivers = (await orders.recentReceivers(tx, question.product_id, INVITE_CANDIDATES)).filter((id) => id !== question.asker_id);
        const granted = new Set(await consents.grantedUsers(tx, 'qa_invitations', receivers));
        const invited = receivers.filter((id) => granted.has(id)).slice(0, INVITES_PER_QUESTION);
        await repo.insertInvitations(tx, questionId, invited, now);
        const title = (await catalog.findProduct(tx, question.product_id))?.title ?? '';
        for (const userId of invited) await notifications.notify(tx, { userId, ...notices.invitation(question, title) });
        return invited.length;
      });
    },

    /** The sweep: questions whose invitations no job has sent yet (no worker then, or it failed). */
    async inviteDue(limit = 100): Promise<number> {
      let sent = 0;
      for (const id of await repo.uninvited(db, limit)) sent += await this.invite(id);
      return sent;
    },

    /**
     * The user erases the account (erase-account.ts, PIPL art. 47), as chosen for notes
     * and reviews: `anonymise` leaves questions and answers under the tombstone's
     * pseudonym; `delete` empties them and takes them out of lists and counts. Either
     * way the user's useful votes (with the counts they moved) and invitations go.
     */
    async erase(ex: Executor, userId: string, content: 'delete' | 'anonymise'): Promise<{ questions: number; answers: number }> {
      for (const answerId of await repo.deleteUsefulOf(ex, userId)) {
        const answer = (await repo.findAnswer(ex, answerId))!;
        await repo.moveAnswerUseful(ex, answerId, -1);
        if (!answer.hidden_at && !answer.deleted_at) await repo.moveQuestion(ex, answer.question_id, { useful: -1 });
      }
      await repo.deleteInvitationsOf(ex, userId);
      if (content === 'anonymise') return { questions: 0, answers: 0 };
      const now = clock.now();
      const answers = await repo.answersBy(ex, userId);
      for (const a of answers) {
        if (!a.hidden_at) await repo.moveQuestion(ex, a.question_id, { answers: -1, useful: -a.useful_count });
        await repo.emptyAnswer(ex, a.id, now);
      }
      const questions = await repo.questionsOf(ex, userId);
      for (const q of questions) {
        if (!q.hidden_at) await repo.moveProductTotal(ex, q.product_id, -1);
        await repo.emptyQuestion(ex, q.id, now);
      }
      return { questions: questions.length, answers: answers.length };
    },
  };
}

export type QuestionsService = ReturnType<typeof createQuestionsService>;
