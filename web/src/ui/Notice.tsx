import type { ReactNode } from 'react';

/** A short success or information message at the top of a page. */
export function Notice({ kind = 'success', testId, children }: { kind?: 'success' | 'info' | 'warning'; testId?: string; children: ReactNode }) {
  return (
    <div className={`banner ${kind}`} role="status" data-testid={testId}>
      {children}
    </div>
  );
}
