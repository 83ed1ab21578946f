import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { Notice } from '../../../ui/Notice';
import { PageHeader } from '../../../ui/PageHeader';
import { Queue, type Tab } from '../components/ReviewQueue';
import type { Me } from '../../../app/session';
import type { ReviewStatus } from '../../shop/api';

const STATUSES: ReviewStatus[] = ['pending', 'approved', 'rejected'];

/** /admin/review: the review queues for shops and service providers, pending first (`?tab`, `?status`). */
export function AdminPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const [outcome, setOutcome] = useState<string | null>(null);
  const tab: Tab = params.get('tab') === 'providers' ? 'providers' : 'operators';
  const statusParam = params.get('status');
  const status: ReviewStatus = STATUSES.find((candidate) => candidate === statusParam) ?? 'pending';

  if (!me.roles.includes('admin')) {
    return (
      <div className="page" data-testid="admin-page">
        <PageHeader title={t('admin.title')} />
        <Notice kind="warning" testId="admin-forbidden">
          {t('admin.notAdmin')}
        </Notice>
      </div>
    );
  }

  const go = (next: { tab?: Tab; status?: ReviewStatus }) => {
    setOutcome(null);
    setParams({ tab: next.tab ?? tab, status: next.status ?? status });
  };

  return (
    <div className="page" data-testid="admin-page">
      <PageHeader title={t('admin.reviewTitle')} intro={t('admin.intro')} />
      <div className="segmented" role="tablist" aria-label={t('admin.tabs')}>
        {(['operators', 'providers'] as const).map((option) => (
          <button key={option} type="button" role="tab" aria-selected={tab === option} data-testid={`admin-tab-${option}`} onClick={() => go({ tab: option })}>
            {option === 'operators' ? t('admin.operators') : t('admin.serviceProviders')}
          </button>
        ))}
      </div>
      <div className="chips" role="group" aria-label={t('admin.statusFilter')}>
        {STATUSES.map((option) => (
          <button key={option} type="button" className="chip" aria-pressed={status === option} data-testid={`admin-status-${option}`} onClick={() => go({ status: option })}>
            {t(`admin.${option}`)}
          </button>
        ))}
      </div>
      {outcome && <Notice testId="admin-outcome">{outcome}</Notice>}
      <Queue key={`${tab}:${status}`} tab={tab} status={status} onOutcome={setOutcome} />
    </div>
  );
}
