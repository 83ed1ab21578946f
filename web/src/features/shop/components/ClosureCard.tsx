import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { Field } from '../../../ui/Field';
import { Notice } from '../../../ui/Notice';
import { earliestClosureDay, formatDate, startOfChinaDay } from '../../../lib/format';
import { REGISTRATIONS_KEY } from '../registration';
import type { InputProblem } from '../../../lib/validation';
import { shopApi, type Operator } from '../api';

/** R2: announce the closure at least 30 days ahead; once announced it shows, and cannot be withdrawn. */
export function ClosureCard({ operator }: { operator: Operator }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const language = i18n.resolvedLanguage;
  const earliest = earliestClosureDay();
  const [invalid, setInvalid] = useState<{ date?: InputProblem; confirm?: InputProblem }>({});
  const announce = useMutation({
    mutationFn: (effectiveAt: string) => shopApi.announceClosure(operator.id, effectiveAt),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: REGISTRATIONS_KEY });
      void queryClient.invalidateQueries({ queryKey: ['storefront', operator.id] });
    },
  });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const day = String(form.get('closureDate') ?? '');
    const problems: typeof invalid = {};
    // YYYY-MM-DD strings compare in date order.
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || day < earliest) problems.date = 'validation.closureDate';
    if (form.get('closureConfirm') !== 'on') problems.confirm = 'validation.closureConfirm';
    setInvalid(problems);
    if (Object.keys(problems).length === 0) announce.mutate(startOfChinaDay(day));
  }

  return (
    <section className="card" data-testid="shop-closure">
      <h2>{t('shop.closure')}</h2>
      {operator.closure ? (
        <Notice kind="warning" testId="shop-closure-announced">
          {t('shop.closureAnnounced', { date: formatDate(operator.closure.effectiveAt, language), announced: formatDate(operator.closure.announcedAt, language) })}
        </Notice>
      ) : (
        <form className="form" onSubmit={onSubmit} noValidate>
          <p className="muted">{t('shop.closureIntro')}</p>
          <Field
            name="closureDate"
            label={t('shop.closureDate')}
            type="date"
            min={earliest}
            hint={t('shop.closureHint', { date: formatDate(startOfChinaDay(earliest), language) })}
            error={invalid.date && t(invalid.date, { date: formatDate(startOfChinaDay(earliest), language) })}
          />
          <label className="check">
            <input type="checkbox" name="closureConfirm" data-testid="closure-confirm" />
            <span>{t('shop.closureConfirm')}</span>
          </label>
          {invalid.confirm && (
            <small className="field-error" data-testid="closureConfirm-error">
              {t(invalid.confirm)}
            </small>
          )}
          <ErrorBanner error={announce.error} testId="closure-error" />
          <button type="submit" className="button danger-outline" data-testid="closure-submit" disabled={announce.isPending}>
            {t('shop.closureSubmit')}
          </button>
        </form>
      )}
    </section>
  );
}
