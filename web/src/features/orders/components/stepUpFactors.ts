import type { QueryClient } from '@tanstack/react-query';
import { ApiError } from '../../../api/client';

/** The second factors this page can offer, in the order it offers them. */
export const STEP_UP_METHODS = ['passkey', 'totp'] as const;
export type StepUpMethod = (typeof STEP_UP_METHODS)[number];

/** STEP_UP_REQUIRED lists what the buyer has set up; keep the ones this page knows. */
export function stepUpMethods(error: ApiError): StepUpMethod[] {
  const listed = Array.isArray(error.problem.methods) ? error.problem.methods : [];
  return STEP_UP_METHODS.filter((method) => listed.includes(method));
}

/** The order can no longer be paid: read it again so the page shows why. */
export function refreshIfStale(queryClient: QueryClient, error: unknown): void {
  if (error instanceof ApiError && (error.code === 'ORDER_EXPIRED' || error.code === 'ORDER_NOT_PAYABLE')) void queryClient.invalidateQueries({ queryKey: ['orders'] });
}
