import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useIdempotencyKeys } from '../../../api/idempotency';
import { APPEAL_REASONS, MAX_REPLY, MAX_TEXT, reviewsApi, reviewsChanged, type AppealReason, type ShopReview } from '../api';
import { CountedText, FormEnd } from './ReviewForm';

/** The shop's one public reply (POST /reviews/:id/reply): no edit afterwards, and no button to hide or delete (R11). */
function ReplyForm({ review }: { review: ShopReview }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const keys = useIdempotencyKeys();
  const [text, setText] = useState('');
  const [missing, setMissing] = useState(false);
  const reply = useMutation({
    mutationFn: (body: string) => keys.send({ reply: review.id, body }, (key) => reviewsApi.reply(review.id, body, key)),
    onSuccess: () => reviewsChanged(queryClient),
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    if (!text.trim()) return setMissing(true);
    setMissing(false);
    reply.mutate(text.trim());
  }
  return (
    <form className="form compact" onSubmit={submit} noValidate data-testid="shop-reply-form">
      <CountedText label={t('reviews.shop.replyText')} value={text} onChange={setText} max={MAX_REPLY} testId="shop-reply-text" />
      <p className="fine-print">{t('reviews.shop.replyHint')}</p>
      <FormEnd missing={missing ? t('reviews.shop.replyRequired') : null} error={reply.error} busy={false} pending={reply.isPending} label={t('reviews.shop.replySubmit')} testId="shop-reply" />
    </form>
  );
}

/** 申诉: the shop asks the platform to hide a review that breaks the content rules, with a reason from the list (R11: only the platform hides). */
function AppealForm({ review, onDone }: { review: ShopReview; onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const keys = useIdempotencyKeys();
  const [reason, setReason] = useState<AppealReason>('abusive');
  const [detail, setDetail] = useState('');
  const [missing, setMissing] = useState(false);
  const appeal = useMutation({
    mutationFn: (input: { reason: AppealReason; detail: string }) => keys.send({ appeal: review.id, input }, (key) => reviewsApi.appeal(review.id, input, key)),
    onSuccess: async () => {
      onDone();
      await reviewsChanged(queryClient);
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    if (!detail.trim()) return setMissing(true);
    setMissing(false);
    appeal.mutate({ reason, detail: detail.trim() });
  }
  return (
    <form className="form compact" onSubmit={submit} noValidate data-testid="shop-appeal-form">
      <h3>{t('reviews.shop.appealTitle')}</h3>
      <p className="fine-print">{t('reviews.shop.appealHint')}</p>
      <label className="field">
        <span>{t('reviews.shop.appealReason')}</span>
        <select value={reason} data-testid="shop-appeal-reason" onChange={(event) => setReason(event.target.value as AppealReason)}>
          {APPEAL_REASONS.map((option) => (
            <option key={option} value={option}>
              {t(`reviews.reasons.${option}`)}
            </option>
          ))}
        </select>
      </label>
      <CountedText label={t('reviews.shop.appealDetail')} value={detail} onChange={setDetail} max={MAX_TEXT} testId="shop-appeal-detail" />
      <FormEnd missing={missing ? t('reviews.shop.appealDetailRequired') : null} error={appeal.error} busy={false} pending={appeal.isPending} label={t('reviews.shop.appealSubmit')} testId="shop-appeal" secondary />
    </form>
  );
}

/** Under a review in the shop's table: its reply (or the form for it) and the appeal (its state, or the way to send one). */
export function ShopReviewActions({ review }: { review: ShopReview }) {
  const { t } = useTranslation();
  const [appealing, setAppealing] = useState(false);
  const appealState = review.appeal?.status;
  return (
    <div className="shop-review-actions" data-testid="shop-review-actions">
      {review.reply ? (
        <section className="review-reply" data-testid="shop-review-reply">
          <h3 className="review-sub">{t('reviews.card.reply')}</h3>
          <p className="review-text">{review.reply.text}</p>
        </section>
      ) : (
        <ReplyForm review={review} />
      )}
      {appealState ? (
        <p className="pill" data-testid="shop-appeal-status" data-status={appealState}>
          {t(`reviews.shop.appealStatus.${appealState}`)}
        </p>
      ) : appealing ? (
        <AppealForm review={review} onDone={() => setAppealing(false)} />
      ) : (
        <button type="button" className="button secondary small" data-testid="shop-appeal-open" onClick={() => setAppealing(true)}>
          {t('reviews.shop.appeal')}
        </button>
      )}
    </div>
  );
}
