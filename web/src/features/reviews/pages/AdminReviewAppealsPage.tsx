import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { DataTable, morePages } from '../../../ui/DataTable';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { Loading } from '../../../ui/Loading';
import { AdminOnly } from '../../disputes/components/AdminOnly';
import { PageHeader } from '../../../ui/PageHeader';
import { formatDateTime } from '../../../lib/format';
import type { Me } from '../../../app/session';
import { APPEAL_STATUSES, useAppealQueue } from '../api';
import { AppealDecision } from '../components/AppealDecision';
import { Stars } from '../components/Stars';

/**
 * /admin/review-appeals (评价申诉): shops' appeals against reviews by state (open first by
 * default), each with the review, the shop's reason and, while open, uphold or reject.
 * R11: only the platform hides a review.
 */
export function AdminReviewAppealsPage({ me }: { me: Me }) {
  const { t, i18n } = useTranslation();
  const [params, setParams] = useSearchParams();
  const chosen = params.get('status');
  const status = chosen === 'all' ? undefined : (APPEAL_STATUSES.find((option) => option === chosen) ?? 'open');
  const list = useAppealQueue(status);
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <AdminOnly me={me} testId="admin-review-appeals-page" title={t('reviews.admin.title')}>
      <div className="page" data-testid="admin-review-appeals-page">
        <PageHeader title={t('reviews.admin.title')} intro={t('reviews.admin.intro')} back={{ to: '/admin/review', label: t('admin.title') }} />
        <div className="chips" role="group" aria-label={t('reviews.admin.columns.status')}>
          <button type="button" className="chip" aria-pressed={status === undefined} data-testid="appeal-status-all" onClick={() => setParams({ status: 'all' })}>
            {t('reviews.admin.all')}
          </button>
          {APPEAL_STATUSES.map((option) => (
            <button key={option} type="button" className="chip" aria-pressed={status === option} data-testid={`appeal-status-${option}`} onClick={() => setParams({ status: option })}>
              {t(`reviews.admin.statuses.${option}`)}
            </button>
          ))}
        </div>
        {list.isPending ? (
          <Loading />
        ) : !list.data ? (
          <ErrorBanner error={list.error} testId="appeals-error" />
        ) : items.length === 0 ? (
          <p className="empty" data-testid="appeals-empty">
            {t('reviews.admin.empty')}
          </p>
        ) : (
          <DataTable
            testId="appeals"
            caption={t('reviews.admin.title')}
            rows={items}
            rowKey={(appeal) => appeal.id}
            more={morePages(list)}
            rowProps={(appeal) => ({ 'data-testid': 'appeal-row', 'data-appeal-id': appeal.id, 'data-status': appeal.status })}
            details={(appeal) => <AppealDecision appeal={appeal} />}
            columns={[
              { key: 'date', header: t('reviews.admin.columns.date'), cell: (a) => formatDateTime(a.createdAt, i18n.resolvedLanguage), sort: (a, b) => a.createdAt.localeCompare(b.createdAt) },
              { key: 'review', header: t('reviews.admin.columns.review'), cell: (a) => <Stars rating={a.review.rating} testId="appeal-row-stars" />, sort: (a, b) => a.review.rating - b.review.rating },
              { key: 'reason', header: t('reviews.admin.columns.reason'), cell: (a) => t(`reviews.reasons.${a.reason}`) },
              {
                key: 'status',
                header: t('reviews.admin.columns.status'),
                cell: (a) => (
                  <span className={a.status === 'open' ? 'pill wait' : 'pill'} data-testid="appeal-row-status">
                    {t(`reviews.admin.statuses.${a.status}`)}
                  </span>
                ),
              },
            ]}
          />
        )}
      </div>
    </AdminOnly>
  );
}
