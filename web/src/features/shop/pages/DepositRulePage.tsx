import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { categoryName } from '../../catalog/api';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { Loading } from '../../../ui/Loading';
import { formatDate } from '../../../lib/format';
import { formatFen } from '../../../lib/money';
import { shopApi } from '../api';

/** `publishedAt` may be a plain day (2026-11-28): that day in Beijing. */
function asInstant(value: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00+08:00` : value;
}

/** R16: the published security-deposit rule, for anyone. */
export function DepositRulePage() {
  const { t, i18n } = useTranslation();
  const rule = useQuery({ queryKey: ['depositRule'], queryFn: shopApi.depositRule });
  const language = i18n.resolvedLanguage;
  return (
    <div className="page" data-testid="deposit-rule-page">
      <title>{`${t('depositRule.title')} · ${t('app.name')}`}</title>
      <Link to="/" className="back-link">
        ‹ {t('nav.home')}
      </Link>
      <h1>{t('depositRule.title')}</h1>
      <p className="muted">{t('depositRule.intro')}</p>
      {rule.isPending ? (
        <Loading />
      ) : rule.isError ? (
        <ErrorBanner error={rule.error} />
      ) : (
        <>
          <p className="fine-print" data-testid="deposit-rule-published">
            {t('depositRule.publishedAt', { date: formatDate(asInstant(rule.data.publishedAt), language) })}
          </p>
          <section className="card">
            <h2>{t('depositRule.categories')}</h2>
            <table className="table" data-testid="deposit-rule-categories">
              <thead>
                <tr>
                  <th scope="col">{t('depositRule.category')}</th>
                  <th scope="col" className="num">
                    {t('depositRule.amount')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {rule.data.categories.map((category) => (
                  <tr key={category.id}>
                    <td>{categoryName(category, language)}</td>
                    <td className="num">{formatFen(category.deposit)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <section className="card">
            <h2>{t('depositRule.howSet')}</h2>
            <p>{language === 'en' ? rule.data.howRequiredIsSetEn : rule.data.howRequiredIsSet}</p>
          </section>
          <section className="card">
            <h2>{t('depositRule.uses')}</h2>
            <ul className="plain-list">
              {(language === 'en' ? rule.data.usesEn : rule.data.uses).map((use) => (
                <li key={use}>{use}</li>
              ))}
            </ul>
          </section>
          <section className="card">
            <h2>{t('depositRule.refund')}</h2>
            <p>{language === 'en' ? rule.data.refundEn : rule.data.refund}</p>
          </section>
        </>
      )}
    </div>
  );
}
