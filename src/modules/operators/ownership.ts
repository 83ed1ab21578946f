/**
 * The one shop-owner check. Someone else's shop answers NOT_FOUND exactly as a
 * missing one does, so shop ids cannot be probed; `what` names the thing the
 * caller was asked about (an order, a SKU, a sponsorship), so its answer is
 * the same whether the thing or the ownership is missing.
 */
import type { Executor } from '../../database.js';
import { notFound } from '../../lib/errors.js';
import { operatorsRepo, type OperatorRow } from './repo.js';

/** The operator row if this user owns it, locked with `forUpdate`; else NOT_FOUND of `what`. */
export async function ownedOperator(ex: Executor, userId: string, operatorId: string, options: { forUpdate?: boolean; what?: string } = {}): Promise<OperatorRow> {
  const row = options.forUpdate ? await operatorsRepo.findOperatorForUpdate(ex, operatorId) : await operatorsRepo.findOperator(ex, operatorId);
  if (!row || row.owner_id !== userId) throw notFound(options.what ?? 'operator');
  return row;
}
