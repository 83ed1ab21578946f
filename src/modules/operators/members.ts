/**
 * Shop roles (issue 18): the owner and the staff the owner added act for the shop in
 * its conversations. Like `ownedOperator`, a shop the user is no member of answers
 * NOT_FOUND exactly as a missing one does, so shop ids cannot be probed.
 */
import type { Executor } from '../../database.js';
import { notFound } from '../../lib/errors.js';
import { operatorsRepo, type OperatorRow } from './repo.js';
import type { ShopRole } from './tables.js';

export type { ShopRole } from './tables.js';

/** The user's role in the shop, or undefined when they are no member. */
export async function shopRole(ex: Executor, userId: string, operatorId: string): Promise<ShopRole | undefined> {
  const row = await ex.selectFrom('operator_members').select('role').where('operator_id', '=', operatorId).where('user_id', '=', userId).executeTakeFirst();
  return row?.role;
}

/** The operator and the user's role in it; NOT_FOUND of `what` when either is missing. */
export async function memberOperator(ex: Executor, userId: string, operatorId: string, options: { what?: string } = {}): Promise<{ operator: OperatorRow; role: ShopRole }> {
  const role = await shopRole(ex, userId, operatorId);
  const operator = role ? await operatorsRepo.findOperator(ex, operatorId) : undefined;
  if (!role || !operator) throw notFound(options.what ?? 'operator');
  return { operator, role };
}

/**
 * Take turns on the shop's row (another module's per-shop cap, e.g. 50 quick replies):
 * concurrent writers for one shop wait for each other until commit.
 */
export async function lockShop(ex: Executor, operatorId: string): Promise<void> {
  await operatorsRepo.findOperatorForUpdate(ex, operatorId);
}

/** Everyone who acts for the shop: its owner first, then staff in the order they were added. */
export async function shopMemberIds(ex: Executor, operatorId: string): Promise<string[]> {
  const rows = await ex
    .selectFrom('operator_members')
    .select('user_id')
    .where('operator_id', '=', operatorId)
    .orderBy((eb) => eb.case().when('role', '=', 'owner').then(0).else(1).end())
    .orderBy('created_at')
    .orderBy('user_id')
    .execute();
  return rows.map((r) => r.user_id);
}
