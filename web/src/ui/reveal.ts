/**
 * After a refused submit, bring the first problem into view: the reader pressed a
 * button at the bottom of a long form and would not see a message above it.
 */
export function revealFirstProblem(root: HTMLElement | null): void {
  // After React has drawn the messages.
  requestAnimationFrame(() => {
    const target = root?.querySelector<HTMLElement>('[aria-invalid="true"], .field-error, [role="alert"]');
    if (!target) return;
    target.scrollIntoView({ block: 'center' });
    if (target.matches('input, select, textarea')) target.focus({ preventScroll: true });
  });
}
