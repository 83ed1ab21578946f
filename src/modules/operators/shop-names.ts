import type { Executor } from '../../database.js';
import { operatorsRepo } from './repo.js';

/**
 * Shop names by operator id: a plain read of the operators table with no service
 * behind it, so the privacy module's access log can name shops without waiting for
 * the operators service (which is built on privacy).
 */
export async function shopNames(ex: Executor, operatorIds: readonly string[]): Promise<Map<string, string>> {
  const rows = await operatorsRepo.findOperators(ex, [...new Set(operatorIds)]);
  return new Map(rows.map((row) => [row.id, row.shop_name]));
}
