import type { Executor } from '../../db/index.js';

export const notificationsRepo = {
  async insertSandboxSms(ex: Executor, row: { id: string; phone_hash: string; phone_sealed: string; body: string; received_at: Date }) {
    await ex.insertInto('sandbox_sms').values(row).execute();
  },

  listSandboxSms(ex: Executor, phoneHash: string, limit: number) {
    return ex
      .selectFrom('sandbox_sms')
      .select(['id', 'body', 'received_at'])
      .where('phone_hash', '=', phoneHash)
      .orderBy('received_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
  },
};
