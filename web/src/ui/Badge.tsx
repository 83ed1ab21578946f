/** A status pill: green when done, grey when not yet. */
export function Badge({ ok, label, testId }: { ok: boolean; label: string; testId?: string }) {
  return (
    <span className={`badge ${ok ? 'ok' : 'pending'}`} data-testid={testId} data-ok={ok}>
      <span aria-hidden="true">{ok ? '✓' : '•'}</span> {label}
    </span>
  );
}
