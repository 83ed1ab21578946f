import { useTranslation } from 'react-i18next';
import { Notice } from '../../../ui/Notice';
import { PageHeader } from '../../../ui/PageHeader';
import { ReportsView } from '../components/ReportsView';
import type { Me } from '../../../app/session';

export function ReportsPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  return (
    <div className="page" data-testid="reports-page">
      <PageHeader title={t('oversight.reports.title')} intro={t('oversight.reports.intro')} back={{ to: '/admin/review', label: t('admin.title') }} />
      {me.roles.includes('admin') ? <ReportsView role="admin" /> : <Notice kind="warning" testId="reports-forbidden">{t('oversight.reports.notStaff')}</Notice>}
    </div>
  );
}
