import { useState } from 'react';

/**
 * A button that copies `value` and says so; where the clipboard is refused (an
 * insecure page, a strict browser) it asks the reader to copy by hand instead.
 * Test ids: `${testId}` (the button) and `${testId}-copied` (the outcome).
 */
export function CopyButton({ value, label, copiedText, failedText, testId }: { value: string; label: string; copiedText: string; failedText: string; testId: string }) {
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopied('yes');
    } catch {
      setCopied('no');
    }
  }
  return (
    <>
      <button type="button" className="button secondary" data-testid={testId} onClick={() => void copy()}>
        {label}
      </button>
      {copied && (
        <p className="fine-print" role="status" data-testid={`${testId}-copied`}>
          {copied === 'yes' ? copiedText : failedText}
        </p>
      )}
    </>
  );
}
