import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

/** A from–to picker of UTC days (`<input type="date">` speaks YYYY-MM-DD); `onChange` on submit. */
export function DateRange({ from, to, onChange, optional = false }: { from: string; to: string; onChange: (range: { from: string; to: string }) => void; optional?: boolean }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState({ from, to });
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    onChange(draft);
  }
  return (
    <form className="form date-range" onSubmit={onSubmit} data-testid="date-range">
      <div className="field">
        <label htmlFor="range-from">{t('oversight.range.from')}</label>
        <input id="range-from" type="date" value={draft.from} required={!optional} max={draft.to || undefined} onChange={(e) => setDraft({ ...draft, from: e.target.value })} data-testid="range-from" />
      </div>
      <div className="field">
        <label htmlFor="range-to">{t('oversight.range.to')}</label>
        <input id="range-to" type="date" value={draft.to} required={!optional} min={draft.from || undefined} onChange={(e) => setDraft({ ...draft, to: e.target.value })} data-testid="range-to" />
      </div>
      <button type="submit" className="button" data-testid="range-apply">
        {t('oversight.range.apply')}
      </button>
      <p className="muted">{t('oversight.range.hint')}</p>
    </form>
  );
}
