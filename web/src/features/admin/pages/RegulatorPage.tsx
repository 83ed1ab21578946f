import { useTranslation } from 'react-i18next';
import { Notice } from '../../../ui/Notice';
import { PageHeader } from '../../../ui/PageHeader';
import { oversightApi } from '../api';
import { ReportsView } from '../components/ReportsView';
import type { Me } from '../../../app/session';

/** The regulator's view: the register to download and the aggregate figures (never personal data). */
export function RegulatorPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  if (!me.roles.includes('regulator')) {
    return (
      <div className="page" data-testid="regulator-page">
        <PageHeader title={t('oversight.regulator.title')} />
        <Notice kind="warning" testId="regulator-forbidden">
          {t('oversight.regulator.notRegulator')}
        </Notice>
      </div>
    );
  }
  return (
    <div className="page" data-testid="regulator-page">
      <PageHeader title={t('oversight.regulator.title')} intro={t('oversight.regulator.intro')} />
      <section className="card">
        <h2>{t('oversight.regulator.register')}</h2>
        <p className="muted">{t('oversight.regulator.registerHint')}</p>
        <a className="button" href={oversightApi.registerCsvUrl()} download data-testid="regulator-register">
          {t('oversight.regulator.download')}
        </a>
      </section>
      <h2>{t('oversight.reports.title')}</h2>
      <ReportsView role="regulator" />
    </div>
  );
}
