import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'] as const;

export interface PinPadProps {
  /** The digits typed so far (controlled). */
  value: string;
  onChange: (value: string) => void;
  /** Called with the whole PIN as its last digit is typed. */
  onComplete?: (pin: string) => void;
  length?: number;
  disabled?: boolean;
  /** Names the pad for screen readers; the payment PIN by default. */
  label?: string;
  /** Prefix of the test ids: `${testId}`, `${testId}-key-7`, `${testId}-delete`, `${testId}-dots`. */
  testId?: string;
}

/**
 * A payment-PIN keypad (D4): large keys, the digits shown only as dots, never as
 * text. Used wherever the PIN confirms a payment (withdrawals, orders). A physical
 * keyboard works too, unless the typing goes into some input on the page.
 *
 * @example
 *   <PinPad value={pin} onChange={setPin} onComplete={(pin) => pay.mutate({ amount, pin })} />
 */
export function PinPad({ value, onChange, onComplete, length = 6, disabled = false, label, testId = 'pin-pad' }: PinPadProps) {
  const { t } = useTranslation();

  const press = (digit: string) => {
    if (disabled || value.length >= length) return;
    const next = value + digit;
    onChange(next);
    if (next.length === length) onComplete?.(next);
  };
  const erase = () => {
    if (!disabled && value.length > 0) onChange(value.slice(0, -1));
  };

  useEffect(() => {
    if (disabled) return;
    const onKeyDown = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (target?.closest('input, textarea, select, [contenteditable="true"]') || event.altKey || event.ctrlKey || event.metaKey) return;
      if (/^[0-9]$/.test(event.key)) {
        event.preventDefault();
        press(event.key);
      } else if (event.key === 'Backspace') {
        event.preventDefault();
        erase();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  });

  return (
    <div className="pin-pad" role="group" aria-label={label ?? t('pinPad.label')} data-testid={testId} aria-disabled={disabled || undefined}>
      <div
        className="pin-cells"
        role="status"
        aria-live="polite"
        aria-label={t('pinPad.progress', { count: value.length, length })}
        data-testid={`${testId}-dots`}
        data-filled={value.length}
      >
        {Array.from({ length }, (_, i) => (
          <span key={i} className={i < value.length ? 'pin-cell filled' : 'pin-cell'} aria-hidden="true" />
        ))}
      </div>
      <div className="pin-keys">
        {KEYS.map((digit) => (
          <button key={digit} type="button" className="pin-key" disabled={disabled} data-testid={`${testId}-key-${digit}`} onClick={() => press(digit)}>
            {digit}
          </button>
        ))}
        <span aria-hidden="true" />
        <button type="button" className="pin-key" disabled={disabled} data-testid={`${testId}-key-0`} onClick={() => press('0')}>
          0
        </button>
        <button
          type="button"
          className="pin-key pin-delete"
          disabled={disabled || value.length === 0}
          aria-label={t('pinPad.delete')}
          data-testid={`${testId}-delete`}
          onClick={erase}
        >
          <svg viewBox="0 0 24 24" width="26" height="26" aria-hidden="true">
            <path d="M9 5h11a1 1 0 0 1 1 1v12a1 1 0 0 1-1 1H9l-6-7z" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinejoin="round" />
            <path d="m12 9.5 5 5m0-5-5 5" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
          </svg>
        </button>
      </div>
    </div>
  );
}
