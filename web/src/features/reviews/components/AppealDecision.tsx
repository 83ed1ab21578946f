import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useIdempotencyKeys } from '../../../api/idempotency';
import { ConfirmDialog } from '../../../ui/ConfirmDialog';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { Notice } from '../../../ui/Notice';
import { MAX_REPLY, reviewsApi, reviewsChanged, type ReviewAppeal } from '../api';
import { CountedText } from './ReviewForm';
import { ReviewPhotos } from './ReviewPhotos';
import { AuthorName } from './ReviewCard';

type Decision = 'uphold' | 'reject';

/**
 * An open appeal as the platform decides it: the review and the shop's explanation, then
 * uphold (the review is hidden and leaves the ratings) or reject, each with a reason the buyer
 * and the shop are told, asked once more in a dialog before it happens (audited on the server).
 */
export function AppealDecision({ appeal }: { appeal: ReviewAppeal }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const keys = useIdempotencyKeys();
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const [asking, setAsking] = useState<Decision | null>(null);
  const decide = useMutation({
    mutationFn: (decision: Decision) =>
      keys.send({ appeal: appeal.id, decision, reason }, (key) => (decision === 'uphold' ? reviewsApi.uphold(appeal.id, reason.trim(), key) : reviewsApi.reject(appeal.id, reason.trim(), key))),
    onSuccess: () => reviewsChanged(queryClient),
    onSettled: () => setAsking(null),
  });
  const ask = (decision: Decision) => {
    if (!reason.trim()) return setMissing(true);
    setMissing(false);
    setAsking(decision);
  };
  return (
    <div className="appeal-decision" data-testid="appeal-decision">
      <section className="review-card">
        <p className="review-meta">
          <AuthorName review={appeal.review} /> <span className="muted">{t('reviews.card.sku', { sku: appeal.review.sku })}</span>
        </p>
        {appeal.review.text && <p className="review-text" data-testid="appeal-review-text">{appeal.review.text}</p>}
        <ReviewPhotos urls={appeal.review.images} testId="appeal-review-photos" />
      </section>
      <h3 className="review-sub">{t('reviews.admin.detail')}</h3>
      <p className="review-text" data-testid="appeal-detail">
        {appeal.detail}
      </p>
      {appeal.status === 'open' ? (
        <>
          <CountedText label={t('reviews.admin.decisionReason')} value={reason} onChange={setReason} max={MAX_REPLY} testId="appeal-reason" />
          {missing && (
            <Notice kind="warning" testId="appeal-reason-missing">
              {t('reviews.admin.decisionReasonRequired')}
            </Notice>
          )}
          <ErrorBanner error={decide.error} testId="appeal-error" />
          <div className="button-row">
            <button type="button" className="button danger-outline" disabled={decide.isPending} data-testid="appeal-uphold" onClick={() => ask('uphold')}>
              {t('reviews.admin.uphold')}
            </button>
            <button type="button" className="button secondary" disabled={decide.isPending} data-testid="appeal-reject" onClick={() => ask('reject')}>
              {t('reviews.admin.reject')}
            </button>
          </div>
          <ConfirmDialog
            open={asking !== null}
            title={asking === 'uphold' ? t('reviews.admin.upholdTitle') : t('reviews.admin.rejectTitle')}
            confirmLabel={t('reviews.admin.confirm')}
            cancelLabel={t('reviews.admin.cancel')}
            busy={decide.isPending}
            testId="appeal-dialog"
            onConfirm={() => asking && decide.mutate(asking)}
            onCancel={() => setAsking(null)}
          >
            <p>{asking === 'uphold' ? t('reviews.admin.upholdBody') : t('reviews.admin.rejectBody')}</p>
          </ConfirmDialog>
        </>
      ) : (
        appeal.decisionReason && (
          <p className="fine-print" data-testid="appeal-decision-reason">
            {appeal.decisionReason}
          </p>
        )
      )}
    </div>
  );
}
