import type { InfiniteData, UseInfiniteQueryResult } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { DataTable, morePages } from '../../../ui/DataTable';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { Loading } from '../../../ui/Loading';
import { formatDateTime } from '../../../lib/format';
import { formatFen } from '../../../lib/money';
import { turnOf, type Dispute } from '../api';
import { DisputeStatus } from './DisputeParts';
import type { Page } from '../../../api/client';

/**
 * The admin's arbitration queue as a table (newest first from the API): sortable by when
 * the case was opened, the claim, and the deadline; a page at a time over the cursor.
 * Each case opens at `/admin/disputes/:id`; cases waiting on the platform are marked.
 */
export function DisputeTable({ list }: { list: UseInfiniteQueryResult<InfiniteData<Page<Dispute>>> }) {
  const { t, i18n } = useTranslation();
  if (list.isPending) return <Loading />;
  if (!list.data) return <ErrorBanner error={list.error} testId="disputes-error" />;
  const items = list.data.pages.flatMap((page) => page.items);
  if (items.length === 0) {
    return (
      <p className="empty" data-testid="disputes-empty">
        {t('disputes.inbox.empty')}
      </p>
    );
  }
  const claimed = (d: Dispute) => d.claim.refund + d.claim.compensation;
  const due = (d: Dispute) => turnOf(d)?.by ?? '';
  const when = (at: string) => formatDateTime(at, i18n.resolvedLanguage);
  return (
    <>
      <DataTable
        testId="disputes-list"
        caption={t('disputes.admin.title')}
        rows={items}
        rowKey={(d) => d.id}
        more={morePages(list)}
        rowProps={(d) => ({ 'data-testid': 'dispute-row', 'data-dispute-id': d.id, 'data-status': d.status, 'data-overdue': d.overdue })}
        columns={[
          { key: 'opened', header: t('disputes.admin.columns.opened'), cell: (d) => when(d.createdAt), sort: (a, b) => a.createdAt.localeCompare(b.createdAt) },
          {
            key: 'category',
            header: t('disputes.admin.columns.category'),
            cell: (d) => (
              <Link to={`/admin/disputes/${d.id}`} data-testid="dispute-row-link">
                {t(`disputes.categories.${d.category}`)} ›
              </Link>
            ),
          },
          { key: 'claim', header: t('disputes.admin.columns.claim'), className: 'num', cell: (d) => formatFen(claimed(d)), sort: (a, b) => claimed(a) - claimed(b) },
          {
            key: 'due',
            header: t('disputes.admin.columns.due'),
            // Cases with no deadline (over) sort last.
            sort: (a, b) => (due(a) || '9').localeCompare(due(b) || '9'),
            cell: (d) => (due(d) ? <span data-testid="dispute-row-deadline">{when(due(d))}</span> : '—'),
          },
          {
            key: 'status',
            header: t('disputes.admin.columns.status'),
            cell: (d) => (
              <>
                {d.status === 'arbitration' && (
                  <span className="pill bad" data-testid="dispute-row-your-turn">
                    {t('disputes.inbox.yourTurn')}
                  </span>
                )}{' '}
                <DisputeStatus dispute={d} testId="dispute-row-status" />
              </>
            ),
          },
        ]}
      />
      {list.isError && <ErrorBanner error={list.error} testId="disputes-more-error" />}
    </>
  );
}
