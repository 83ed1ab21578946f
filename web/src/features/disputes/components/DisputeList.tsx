import type { InfiniteData, UseInfiniteQueryResult } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { Loading } from '../../../ui/Loading';
import { DISPUTE_STATUSES, turnOf, type Dispute, type DisputeStatus as Status } from '../api';
import { formatDateTime } from '../../../lib/format';
import { formatFen } from '../../../lib/money';
import { DisputeStatus } from './DisputeParts';
import type { Page } from '../../../api/client';

/** Status chips over a list: all, or one state. */
export function StatusChips({ status, onChange }: { status: Status | undefined; onChange: (status: Status | undefined) => void }) {
  const { t } = useTranslation();
  return (
    <div className="chips" role="group" aria-label={t('disputes.admin.status')}>
      <button type="button" className="chip" aria-pressed={status === undefined} data-testid="dispute-status-all" onClick={() => onChange(undefined)}>
        {t('disputes.inbox.all')}
      </button>
      {DISPUTE_STATUSES.map((option) => (
        <button key={option} type="button" className="chip" aria-pressed={status === option} data-testid={`dispute-status-${option}`} onClick={() => onChange(option)}>
          {t(`disputes.statuses.${option}`)}
        </button>
      ))}
    </div>
  );
}

/**
 * Cases, newest first, each with whose turn it is and by when; `yourTurn` marks
 * those waiting on the reader. Each leads to `linkTo(case)`.
 */
export function DisputeList({
  list,
  linkTo,
  yourTurn,
}: {
  list: UseInfiniteQueryResult<InfiniteData<Page<Dispute>>>;
  linkTo: (dispute: Dispute) => string;
  yourTurn?: (dispute: Dispute) => boolean;
}) {
  const { t, i18n } = useTranslation();
  if (list.isPending) return <Loading />;
  if (!list.data) return <ErrorBanner error={list.error} testId="disputes-error" />;
  const items = list.data.pages.flatMap((page) => page.items);
  return (
    <>
      {items.length === 0 ? (
        <p className="empty" data-testid="disputes-empty">
          {t('disputes.inbox.empty')}
        </p>
      ) : (
        <ul className="review-list" data-testid="disputes-list">
          {items.map((dispute) => {
            const turn = turnOf(dispute);
            return (
              <li key={dispute.id} className="card" data-testid="dispute-row" data-dispute-id={dispute.id} data-status={dispute.status} data-overdue={dispute.overdue}>
                <Link to={linkTo(dispute)} className="flow-row link" data-testid="dispute-row-link">
                  <span>
                    <strong>{t(`disputes.categories.${dispute.category}`)}</strong>
                    <br />
                    <span className="muted">
                      {t('disputes.case.claimRefund', { amount: formatFen(dispute.claim.refund) })}
                      {dispute.claim.compensation > 0 && ` · ${t('disputes.case.claimCompensation', { amount: formatFen(dispute.claim.compensation) })}`}
                    </span>
                    {turn && (
                      <>
                        <br />
                        <span className="fine-print" data-testid="dispute-row-deadline">
                          {t('disputes.inbox.due', { time: formatDateTime(turn.by, i18n.resolvedLanguage) })}
                        </span>
                      </>
                    )}
                  </span>
                  <span className="flow-end">
                    {yourTurn?.(dispute) && (
                      <span className="pill bad" data-testid="dispute-row-your-turn">
                        {t('disputes.inbox.yourTurn')}
                      </span>
                    )}
                    <DisputeStatus dispute={dispute} testId="dispute-row-status" />
                    <span className="chevron" aria-hidden="true">
                      ›
                    </span>
                  </span>
                </Link>
              </li>
            );
          })}
        </ul>
      )}
      {list.isError && <ErrorBanner error={list.error} testId="disputes-more-error" />}
      {list.hasNextPage && (
        <button type="button" className="button secondary" data-testid="disputes-more" disabled={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
          {list.isFetchingNextPage ? t('common.loading') : t('common.loadMore')}
        </button>
      )}
    </>
  );
}
