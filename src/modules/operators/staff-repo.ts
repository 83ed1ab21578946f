/** SQL for a shop's members (operator_members, migration 0035): the staff list and its changes. */
import type { Executor } from '../../database.js';
import type { ShopRole } from './tables.js';

export interface MemberRow {
  user_id: string;
  role: ShopRole;
  created_at: Date;
}

export const staffRepo = {
  /** The owner first, then staff in the order they were added. */
  members(ex: Executor, operatorId: string): Promise<MemberRow[]> {
    return ex
      .selectFrom('operator_members')
      .select(['user_id', 'role', 'created_at'])
      .where('operator_id', '=', operatorId)
      .orderBy('role', 'asc')
      .orderBy('created_at', 'asc')
      .orderBy('user_id', 'asc')
      .execute();
  },

  async staffCount(ex: Executor, operatorId: string): Promise<number> {
    const row = await ex.selectFrom('operator_members').select((eb) => eb.fn.countAll<string>().as('n')).where('operator_id', '=', operatorId).where('role', '=', 'staff').executeTakeFirstOrThrow();
    return Number(row.n);
  },

  /** False when the user is a member already (the primary key decides a race). */
  async insertStaff(ex: Executor, row: { operator_id: string; user_id: string; added_by: string; created_at: Date }): Promise<boolean> {
    const inserted = await ex
      .insertInto('operator_members')
      .values({ ...row, role: 'staff' })
      .onConflict((oc) => oc.columns(['operator_id', 'user_id']).doNothing())
      .returning('user_id')
      .executeTakeFirst();
    return inserted !== undefined;
  },

  /** Removes a staff member only (never the owner's row); false when there was none. */
  async deleteStaff(ex: Executor, operatorId: string, userId: string): Promise<boolean> {
    const deleted = await ex.deleteFrom('operator_members').where('operator_id', '=', operatorId).where('user_id', '=', userId).where('role', '=', 'staff').returning('user_id').executeTakeFirst();
    return deleted !== undefined;
  },

  /** The shops a user serves, with their names: GET /me/shops. */
  shopsOf(ex: Executor, userId: string) {
    return ex
      .selectFrom('operator_members as m')
      .innerJoin('operators as o', 'o.id', 'm.operator_id')
      .select(['o.id', 'o.shop_name', 'o.status', 'm.role'])
      .where('m.user_id', '=', userId)
      .orderBy('m.role', 'asc')
      .orderBy('m.created_at', 'desc')
      .execute();
  },
};
