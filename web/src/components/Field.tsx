import type { InputHTMLAttributes } from 'react';

type FieldProps = InputHTMLAttributes<HTMLInputElement> & {
  /** Also the input's `name`, so the request field and the form field match. */
  name: string;
  label: string;
  hint?: string;
  /** A problem found before sending, shown under the input. */
  error?: string | undefined;
};

/** A labelled input: one per line, large enough to tap. */
export function Field({ name, label, hint, error, ...input }: FieldProps) {
  const id = `field-${name}`;
  const describedBy = [hint && !error && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} name={name} aria-invalid={error ? true : undefined} aria-describedby={describedBy} {...input} />
      {hint && !error && (
        <small id={`${id}-hint`} className="hint">
          {hint}
        </small>
      )}
      {error && (
        <small id={`${id}-error`} className="field-error" data-testid={`${name}-error`}>
          {error}
        </small>
      )}
    </div>
  );
}
