/**
 * 问大家's part of the user's export (PIPL art. 45): the questions the user asked, the
 * answers they wrote (with whether the platform hid or the user removed one), the
 * useful votes they gave, the invitations to answer they received and their reports.
 */
import type { Executor } from '../../database.js';
import { camelRows } from '../../lib/export-rows.js';

export const questionsExport = {
  async of(ex: Executor, userId: string) {
    const questions = await ex
      .selectFrom('questions')
      .select(['id', 'product_id', 'text', 'anonymous', 'answer_count', 'hidden_at', 'hidden_reason', 'deleted_at', 'created_at'])
      .where('asker_id', '=', userId)
      .orderBy('id')
      .execute();
    const answers = await ex
      .selectFrom('question_answers')
      .select(['id', 'question_id', 'product_id', 'text', 'by_shop', 'verified_purchase', 'sku_name', 'useful_count', 'hidden_at', 'hidden_reason', 'deleted_at', 'created_at'])
      .where('author_id', '=', userId)
      .orderBy('id')
      .execute();
    const useful = await ex.selectFrom('question_answer_useful').select(['answer_id', 'at']).where('user_id', '=', userId).orderBy('at').execute();
    const invitations = await ex.selectFrom('question_invitations').select(['question_id', 'at']).where('user_id', '=', userId).orderBy('at').execute();
    const reports = await ex.selectFrom('question_reports').select(['id', 'target_type', 'target_id', 'reason', 'resolved_at', 'created_at']).where('reporter_id', '=', userId).orderBy('id').execute();
    return { questions: camelRows(questions), answers: camelRows(answers), useful: camelRows(useful), invitations: camelRows(invitations), reports: camelRows(reports) };
  },
};
