/** SQL of 问大家: questions, answers, useful votes, invitations, reports and the product's counter. */
import { sql, type Insertable, type Selectable } from 'kysely';
import type { Executor } from '../../database.js';
import type { QuestionAnswersTable, QuestionReportsTable, QuestionsTable, ReportTarget } from './tables.js';

export type QuestionRow = Selectable<QuestionsTable>;
export type AnswerRow = Selectable<QuestionAnswersTable>;
export type ReportRow = Selectable<QuestionReportsTable>;

/** `useful`: by useful votes, then newest; `newest`: by id (time-ordered). */
export type Sort = 'newest' | 'useful';
export interface After {
  useful: number;
  id: string;
}

export const questionsRepo = {
  async insert(ex: Executor, row: Insertable<QuestionsTable>): Promise<void> {
    await ex.insertInto('questions').values(row).execute();
  },
  find(ex: Executor, id: string): Promise<QuestionRow | undefined> {
    return ex.selectFrom('questions').selectAll().where('id', '=', id).executeTakeFirst();
  },
  findForUpdate(ex: Executor, id: string): Promise<QuestionRow | undefined> {
    return ex.selectFrom('questions').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  },
  /** The asker's questions since `since`, oldest first (the daily limit). */
  async askedSince(ex: Executor, askerId: string, since: Date): Promise<Date[]> {
    const rows = await ex.selectFrom('questions').select('created_at').where('asker_id', '=', askerId).where('created_at', '>', since).orderBy('created_at').execute();
    return rows.map((r) => r.created_at);
  },

  /** A product's visible questions, a page at a time. */
  ofProduct(ex: Executor, filter: { productId: string; sort: Sort; after?: After | undefined; limit: number }): Promise<QuestionRow[]> {
    let query = ex.selectFrom('questions').selectAll().where('product_id', '=', filter.productId).where('hidden_at', 'is', null).where('deleted_at', 'is', null);
    const after = filter.after;
    if (filter.sort === 'useful') {
      if (after) query = query.where((eb) => eb.or([eb('useful_count', '<', after.useful), eb.and([eb('useful_count', '=', after.useful), eb('id', '<', after.id)])]));
      return query.orderBy('useful_count', 'desc').orderBy('id', 'desc').limit(filter.limit).execute();
    }
    if (after) query = query.where('id', '<', after.id);
    return query.orderBy('id', 'desc').limit(filter.limit).execute();
  },

  /** A question's visible answers, most useful first. */
  answersOf(ex: Executor, questionId: string, filter: { after?: After | undefined; limit: number }): Promise<AnswerRow[]> {
    let query = ex.selectFrom('question_answers').selectAll().where('question_id', '=', questionId).where('hidden_at', 'is', null).where('deleted_at', 'is', null);
    const after = filter.after;
    if (after) query = query.where((eb) => eb.or([eb('useful_count', '<', after.useful), eb.and([eb('useful_count', '=', after.useful), eb('id', '<', after.id)])]));
    return query.orderBy('useful_count', 'desc').orderBy('id', 'desc').limit(filter.limit).execute();
  },

  /** The top `n` visible answers of each question (one query, a window per question). */
  async topAnswers(ex: Executor, questionIds: readonly string[], n: number): Promise<AnswerRow[]> {
    if (questionIds.length === 0) return [];
    const ranked = ex
      .selectFrom('question_answers')
      .selectAll()
      .select(sql<number>`row_number() over (partition by question_id order by useful_count desc, id desc)`.as('rank'))
      .where('question_id', 'in', questionIds)
      .where('hidden_at', 'is', null)
      .where('deleted_at', 'is', null);
    const rows = await ex.selectFrom(ranked.as('r')).selectAll().where('rank', '<=', n).orderBy('question_id').orderBy('rank').execute();
    return rows.map(({ rank: _rank, ...row }) => row);
  },

  /** The new answer's id, or undefined when this person answered this question already (unique index). */
  async insertAnswer(ex: Executor, row: Insertable<QuestionAnswersTable>): Promise<string | undefined> {
    const inserted = await ex
      .insertInto('question_answers')
      .values(row)
      .onConflict((oc) => oc.columns(['question_id', 'author_id']).doNothing())
      .returning('id')
      .executeTakeFirst();
    return inserted?.id;
  },
  findAnswer(ex: Executor, id: string): Promise<AnswerRow | undefined> {
    return ex.selectFrom('question_answers').selectAll().where('id', '=', id).executeTakeFirst();
  },
  findAnswerForUpdate(ex: Executor, id: string): Promise<AnswerRow | undefined> {
    return ex.selectFrom('question_answers').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  },
  async hide(ex: Executor, table: 'questions' | 'question_answers', id: string, at: Date, reason: string): Promise<void> {
    await ex.updateTable(table).set({ hidden_at: at, hidden_reason: reason }).where('id', '=', id).execute();
  },

  /** Counters move by atomic increments in the changing transaction (never a recount). */
  async moveQuestion(ex: Executor, id: string, by: { answers?: number; useful?: number }): Promise<void> {
    await ex
      .updateTable('questions')
      .set({ answer_count: sql<number>`greatest(0, answer_count + ${by.answers ?? 0})`, useful_count: sql<number>`greatest(0, useful_count + ${by.useful ?? 0})` })
      .where('id', '=', id)
      .execute();
  },
  async moveAnswerUseful(ex: Executor, id: string, by: number): Promise<number> {
    const row = await ex
      .updateTable('question_answers')
      .set({ useful_count: sql<number>`greatest(0, useful_count + ${by})` })
      .where('id', '=', id)
      .returning('useful_count')
      .executeTakeFirstOrThrow();
    return row.useful_count;
  },
  async moveProductTotal(ex: Executor, productId: string, by: 1 | -1): Promise<void> {
    if (by < 0) {
      await ex.updateTable('product_question_counts').set({ total: sql<number>`greatest(0, total - 1)` }).where('product_id', '=', productId).execute();
      return;
    }
    await ex
      .insertInto('product_question_counts')
      .values({ product_id: productId, total: 1 })
      .onConflict((oc) => oc.column('product_id').doUpdateSet({ total: sql<number>`product_question_counts.total + 1` }))
      .execute();
  },
  async productTotal(ex: Executor, productId: string): Promise<number> {
    const row = await ex.selectFrom('product_question_counts').select('total').where('product_id', '=', productId).executeTakeFirst();
    return row?.total ?? 0;
  },

  // Useful votes: the insert or delete decides, the counters follow it.
  async addUseful(ex: Executor, answerId: string, userId: string, at: Date): Promise<boolean> {
    const row = await ex
      .insertInto('question_answer_useful')
      .values({ answer_id: answerId, user_id: userId, at })
      .onConflict((oc) => oc.columns(['answer_id', 'user_id']).doNothing())
      .returning('answer_id')
      .executeTakeFirst();
    return row !== undefined;
  },
  async removeUseful(ex: Executor, answerId: string, userId: string): Promise<boolean> {
    const rows = await ex.deleteFrom('question_answer_useful').where('answer_id', '=', answerId).where('user_id', '=', userId).returning('answer_id').execute();
    return rows.length > 0;
  },
  async usefulBy(ex: Executor, userId: string, answerIds: readonly string[]): Promise<Set<string>> {
    if (answerIds.length === 0) return new Set();
    const rows = await ex.selectFrom('question_answer_useful').select('answer_id').where('user_id', '=', userId).where('answer_id', 'in', answerIds).execute();
    return new Set(rows.map((r) => r.answer_id));
  },
  async answeredBy(ex: Executor, userId: string, questionIds: readonly string[]): Promise<Set<string>> {
    if (questionIds.length === 0) return new Set();
    const rows = await ex.selectFrom('question_answers').select('question_id').where('author_id', '=', userId).where('question_id', 'in', questionIds).execute();
    return new Set(rows.map((r) => r.question_id));
  },

  // Invitations.
  async uninvited(ex: Executor, limit: number): Promise<string[]> {
    const rows = await ex.selectFrom('questions').select('id').where('invited_at', 'is', null).orderBy('id').limit(limit).execute();
    return rows.map((r) => r.id);
  },
  /** Marks the question invited; false when another worker did it first. */
  async markInvited(ex: Executor, id: string, at: Date): Promise<boolean> {
    const result = await ex.updateTable('questions').set({ invited_at: at }).where('id', '=', id).where('invited_at', 'is', null).executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  },
  async insertInvitations(ex: Executor, questionId: string, userIds: readonly string[], at: Date): Promise<void> {
    if (userIds.length === 0) return;
    await ex
      .insertInto('question_invitations')
      .values(userIds.map((user_id) => ({ question_id: questionId, user_id, at })))
      .onConflict((oc) => oc.columns(['question_id', 'user_id']).doNothing())
      .execute();
  },

  // Reports.
  /** The reporter's report of this target: the first one when reported again. */
  async insertReport(ex: Executor, row: Insertable<QuestionReportsTable>): Promise<ReportRow> {
    await ex
      .insertInto('question_reports')
      .values(row)
      .onConflict((oc) => oc.columns(['target_type', 'target_id', 'reporter_id']).doNothing())
      .execute();
    return ex
      .selectFrom('question_reports')
      .selectAll()
      .where('target_type', '=', row.target_type)
      .where('target_id', '=', row.target_id)
      .where('reporter_id', '=', row.reporter_id)
      .executeTakeFirstOrThrow();
  },
  openReports(ex: Executor, filter: { after?: string | undefined; limit: number }): Promise<ReportRow[]> {
    let query = ex.selectFrom('question_reports').selectAll().where('resolved_at', 'is', null);
    if (filter.after) query = query.where('id', '>', filter.after);
    return query.orderBy('id').limit(filter.limit).execute();
  },
  async resolveReports(ex: Executor, target: ReportTarget, targetId: string, at: Date): Promise<void> {
    await ex.updateTable('question_reports').set({ resolved_at: at }).where('target_type', '=', target).where('target_id', '=', targetId).where('resolved_at', 'is', null).execute();
  },

  // Erasure.
  questionsOf(ex: Executor, askerId: string): Promise<QuestionRow[]> {
    return ex.selectFrom('questions').selectAll().where('asker_id', '=', askerId).where('deleted_at', 'is', null).forUpdate().execute();
  },
  answersBy(ex: Executor, authorId: string): Promise<AnswerRow[]> {
    return ex.selectFrom('question_answers').selectAll().where('author_id', '=', authorId).where('deleted_at', 'is', null).forUpdate().execute();
  },
  async emptyQuestion(ex: Executor, id: string, at: Date): Promise<void> {
    await ex.updateTable('questions').set({ text: '', deleted_at: at }).where('id', '=', id).execute();
  },
  async emptyAnswer(ex: Executor, id: string, at: Date): Promise<void> {
    await ex.updateTable('question_answers').set({ text: '', deleted_at: at }).where('id', '=', id).execute();
  },
  /** Deletes the user's useful votes; returns the answers they were on. */
  async deleteUsefulOf(ex: Executor, userId: string): Promise<string[]> {
    const rows = await ex.deleteFrom('question_answer_useful').where('user_id', '=', userId).returning('answer_id').execute();
    return rows.map((r) => r.answer_id);
  },
  async deleteInvitationsOf(ex: Executor, userId: string): Promise<void> {
    await ex.deleteFrom('question_invitations').where('user_id', '=', userId).execute();
  },
};
