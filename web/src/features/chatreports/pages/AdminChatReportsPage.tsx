import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { DataTable, morePages } from '../../../ui/DataTable';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { Loading } from '../../../ui/Loading';
import { PageHeader } from '../../../ui/PageHeader';
import { formatDateTime } from '../../../lib/format';
import type { Me } from '../../../app/session';
import { AdminOnly } from '../../disputes/components/AdminOnly';
import { REPORT_STATUSES, useChatReportQueue } from '../api';

/**
 * /admin/chat-reports (聊天举报): reported chat messages by state, open ones first (oldest
 * first). The queue holds no message text: each report opens on its own page, where
 * reading the chat is a logged read.
 */
export function AdminChatReportsPage({ me }: { me: Me }) {
  const { t, i18n } = useTranslation();
  const [params, setParams] = useSearchParams();
  const chosen = params.get('status');
  const status = chosen === 'all' ? undefined : (REPORT_STATUSES.find((option) => option === chosen) ?? 'open');
  const list = useChatReportQueue(status);
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <AdminOnly me={me} testId="admin-chat-reports-page" title={t('chatReports.title')}>
      <div className="page" data-testid="admin-chat-reports-page">
        <PageHeader title={t('chatReports.title')} intro={t('chatReports.intro')} back={{ to: '/admin/review', label: t('admin.title') }} />
        <div className="chips" role="group" aria-label={t('chatReports.columns.status')}>
          <button type="button" className="chip" aria-pressed={status === undefined} data-testid="chat-report-status-all" onClick={() => setParams({ status: 'all' })}>
            {t('chatReports.all')}
          </button>
          {REPORT_STATUSES.map((option) => (
            <button key={option} type="button" className="chip" aria-pressed={status === option} data-testid={`chat-report-status-${option}`} onClick={() => setParams({ status: option })}>
              {t(`chatReports.statuses.${option}`)}
            </button>
          ))}
        </div>
        {list.isPending ? (
          <Loading />
        ) : !list.data ? (
          <ErrorBanner error={list.error} testId="chat-reports-error" />
        ) : items.length === 0 ? (
          <p className="empty" data-testid="chat-reports-empty">
            {t('chatReports.empty')}
          </p>
        ) : (
          <DataTable
            testId="chat-reports"
            caption={t('chatReports.title')}
            rows={items}
            rowKey={(report) => report.id}
            more={morePages(list)}
            rowProps={(report) => ({ 'data-testid': 'chat-report-row', 'data-report-id': report.id, 'data-status': report.status })}
            columns={[
              { key: 'date', header: t('chatReports.columns.date'), cell: (r) => formatDateTime(r.createdAt, i18n.resolvedLanguage), sort: (a, b) => a.createdAt.localeCompare(b.createdAt) },
              { key: 'reason', header: t('chatReports.columns.reason'), cell: (r) => `${t(`chatReports.reasons.${r.reason}`)} · ${t(`chatReports.reporter.${r.reporter}`)}` },
              { key: 'parties', header: t('chatReports.columns.parties'), cell: (r) => `${r.buyer.displayName} / ${r.shop.shopName}` },
              {
                key: 'status',
                header: t('chatReports.columns.status'),
                cell: (r) => (
                  <>
                    <span className={r.status === 'open' ? 'pill wait' : 'pill'}>{r.outcome ? t(`chatReports.outcomes.${r.outcome}`) : t(`chatReports.statuses.${r.status}`)}</span>{' '}
                    <Link to={`/admin/chat-reports/${r.id}`} data-testid="chat-report-link">
                      {t('chatReports.open')} ›
                    </Link>
                  </>
                ),
              },
            ]}
          />
        )}
      </div>
    </AdminOnly>
  );
}
