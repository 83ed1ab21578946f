import { useId } from 'react';
import { useTranslation } from 'react-i18next';

/** Ratings are whole stars from 1 to 5 (API.md "Reviews"). */
export const STAR_VALUES = [1, 2, 3, 4, 5] as const;

/**
 * A rating shown as five stars, filled to the value (an average may be fractional: the
 * last star fills partly). Read out once as "4.5 星（满分 5 星）", not as five images.
 */
export function Stars({ rating, testId, size = 'small' }: { rating: number; testId?: string; size?: 'small' | 'large' }) {
  const { t } = useTranslation();
  const percent = Math.max(0, Math.min(100, (rating / 5) * 100));
  return (
    <span className={`stars ${size}`} role="img" aria-label={t('reviews.starsOutOf', { rating })} data-testid={testId} data-rating={rating}>
      <span className="stars-empty" aria-hidden="true">
        ★★★★★
      </span>
      <span className="stars-full" aria-hidden="true" style={{ width: `${percent}%` }}>
        ★★★★★
      </span>
    </span>
  );
}

/**
 * Choosing 1–5 stars: a radio group (arrow keys move between stars, each a 44 px target),
 * its legend the row's name. `value` 0 is "not chosen yet".
 */
export function StarInput({ legend, value, onChange, testId }: { legend: string; value: number; onChange: (value: number) => void; testId: string }) {
  const { t } = useTranslation();
  const name = useId();
  return (
    <fieldset className="plain-fieldset star-input" data-testid={testId} data-value={value}>
      <legend>{legend}</legend>
      <div className="star-choices">
        {STAR_VALUES.map((n) => (
          <label key={n} className={n <= value ? 'star-choice on' : 'star-choice'}>
            <input type="radio" className="visually-hidden" name={name} value={n} checked={value === n} data-testid={`${testId}-${n}`} onChange={() => onChange(n)} />
            <span aria-hidden="true">★</span>
            <span className="visually-hidden">{t('reviews.form.starN', { n })}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
