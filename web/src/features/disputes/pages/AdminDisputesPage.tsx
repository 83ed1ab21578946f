import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { PageHeader } from '../../../ui/PageHeader';
import { DISPUTE_STATUSES, useDisputeQueue } from '../api';
import { AdminOnly } from '../components/AdminOnly';
import { StatusChips } from '../components/DisputeList';
import { DisputeTable } from '../components/DisputeTable';
import type { Me } from '../../../app/session';

/** /admin/disputes: the arbitration queue by state; `?overdue=true` shows the rulings past their 5 days. */
export function AdminDisputesPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const status = DISPUTE_STATUSES.find((candidate) => candidate === params.get('status'));
  const overdue = params.get('overdue') === 'true';
  const list = useDisputeQueue({ status, overdue });
  const go = (next: { status: typeof status; overdue: boolean }) =>
    setParams({ ...(next.status ? { status: next.status } : {}), ...(next.overdue ? { overdue: 'true' } : {}) });
  return (
    <AdminOnly me={me} testId="admin-disputes-page">
      <div className="page" data-testid="admin-disputes-page">
        <PageHeader title={t('disputes.admin.title')} back={{ to: '/admin/review', label: t('admin.title') }} />
        <StatusChips status={status} onChange={(next) => go({ status: next, overdue })} />
        <label className="check">
          <input type="checkbox" checked={overdue} data-testid="admin-disputes-overdue" onChange={(event) => go({ status, overdue: event.target.checked })} />
          <span>{t('disputes.admin.overdueOnly')}</span>
        </label>
        <DisputeTable list={list} />
      </div>
    </AdminOnly>
  );
}
