import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { Loading } from '../../../ui/Loading';
import { useDisputeRules } from '../api';
import { formatDate } from '../../../lib/format';

/** R16: the dispute rules and the complaint channel, published for anyone before they need them. */
export function DisputeRulesPage() {
  const { t, i18n } = useTranslation();
  const rules = useDisputeRules();
  const language = i18n.resolvedLanguage;
  const pick = (text: { zh: string; en: string }) => (language === 'en' ? text.en : text.zh);
  return (
    <div className="page" data-testid="dispute-rules-page">
      <title>{`${t('disputes.rules.title')} · ${t('app.name')}`}</title>
      <Link to="/" className="back-link">
        ‹ {t('nav.home')}
      </Link>
      <h1>{t('disputes.rules.title')}</h1>
      <p className="muted">{t('disputes.rules.intro')}</p>
      {rules.isPending ? (
        <Loading />
      ) : rules.isError ? (
        <ErrorBanner error={rules.error} />
      ) : (
        <>
          <p className="fine-print" data-testid="dispute-rules-published">
            {/* A plain day is that day in Beijing. */}
            {t('disputes.rules.publishedAt', { date: formatDate(`${rules.data.publishedAt}T00:00:00+08:00`, language) })}
          </p>
          <section className="card">
            <h2>{t('disputes.rules.channel')}</h2>
            <p data-testid="dispute-rules-channel">{pick(rules.data.channel)}</p>
          </section>
          <section className="card" data-testid="dispute-rules-windows">
            <h2>{t('disputes.rules.windows')}</h2>
            <ul className="plain-list">
              <li>{t('disputes.rules.operatorHours', { hours: rules.data.operatorResponseHours })}</li>
              <li>{t('disputes.rules.buyerDays', { days: rules.data.buyerEscalationDays })}</li>
              <li>{t('disputes.rules.platformDays', { days: rules.data.platformRulingDays })}</li>
            </ul>
          </section>
          <section className="card">
            <h2>{t('disputes.rules.categories')}</h2>
            <ul className="plain-list">
              {rules.data.categories.map((category) => (
                <li key={category}>{t(`disputes.categories.${category}`)}</li>
              ))}
            </ul>
          </section>
          <section className="card">
            <h2>{t('disputes.rules.steps')}</h2>
            <ol data-testid="dispute-rules-steps">
              {rules.data.steps.map((step) => (
                <li key={step.en}>{pick(step)}</li>
              ))}
            </ol>
          </section>
        </>
      )}
    </div>
  );
}
