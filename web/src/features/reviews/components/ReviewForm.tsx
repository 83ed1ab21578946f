import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useCallback, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useIdempotencyKeys } from '../../../api/idempotency';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { Notice } from '../../../ui/Notice';
import { EvidencePhotos } from '../../disputes/components/EvidencePhotos';
import { MAX_TEXT, reviewsApi, reviewsChanged, type PostedReview, type ReviewInput } from '../api';
import { StarInput } from './Stars';

/** A text box with its "N/1000" counter (characters as people count them, not UTF-16 units). */
export function CountedText({ label, value, onChange, placeholder, max, testId }: { label: string; value: string; onChange: (value: string) => void; placeholder?: string; max: number; testId: string }) {
  const { t } = useTranslation();
  const count = Array.from(value).length;
  return (
    <label className="field">
      <span>{label}</span>
      <textarea value={value} rows={5} maxLength={max} placeholder={placeholder} data-testid={testId} onChange={(event) => onChange(event.target.value)} />
      <small className="hint" data-testid={`${testId}-count`} aria-live="polite">
        {t('reviews.form.count', { count, max })}
      </small>
    </label>
  );
}

/**
 * The end of each reviews form: what is missing (checked before sending), the server's
 * refusal in words, and the submit button (busy while sending or uploading). Test ids:
 * `${testId}-missing`, `${testId}-error`, `${testId}-submit`.
 */
export function FormEnd({ missing, error, busy, pending, label, testId, secondary = false }: { missing: string | null; error: unknown; busy: boolean; pending: boolean; label: string; testId: string; secondary?: boolean }) {
  const { t } = useTranslation();
  return (
    <>
      {missing && (
        <Notice kind="warning" testId={`${testId}-missing`}>
          {missing}
        </Notice>
      )}
      <ErrorBanner error={error} testId={`${testId}-error`} />
      <button type="submit" className={secondary ? 'button secondary' : 'button primary'} disabled={busy || pending} data-testid={`${testId}-submit`}>
        {pending ? t('common.submitting') : label}
      </button>
    </>
  );
}

/** Photos for a review or a follow-up: uploaded as picked (POST /uploads, the shared picker), at most 9. */
export function ReviewPhotoPicker({ photos, onChange, onBusy, testId }: { photos: string[]; onChange: (photos: string[]) => void; onBusy: (n: number) => void; testId: string }) {
  const { t } = useTranslation();
  return (
    <fieldset className="plain-fieldset">
      <legend>{t('reviews.form.photos')}</legend>
      <EvidencePhotos photos={photos} onChange={onChange} onBusy={onBusy} testId={testId} photoLabel={(n) => t('reviews.card.photoN', { n })} />
    </fieldset>
  );
}

/**
 * The buyer's review of one received order item (POST /orders/:id/items/:itemId/review):
 * three star rows (商品 / 服务 / 物流), a text of up to 1,000 characters, up to 9 photos and
 * 匿名评价 (off unless chosen). One submission, one Idempotency-Key.
 */
export function ReviewForm({ orderId, itemId, onPosted }: { orderId: string; itemId: string; onPosted: (review: PostedReview) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const keys = useIdempotencyKeys();
  const [rating, setRating] = useState(0);
  const [serviceRating, setServiceRating] = useState(0);
  const [deliveryRating, setDeliveryRating] = useState(0);
  const [text, setText] = useState('');
  const [images, setImages] = useState<string[]>([]);
  const [anonymous, setAnonymous] = useState(false);
  const [uploading, setUploading] = useState(0);
  // Said once a submission was tried, and gone as soon as the three rows are rated.
  const [tried, setTried] = useState(false);
  const unrated = !rating || !serviceRating || !deliveryRating;
  const onBusy = useCallback((n: number) => setUploading(n), []);
  const post = useMutation({
    mutationFn: (input: ReviewInput) => keys.send({ orderId, itemId, input }, (key) => reviewsApi.review(orderId, itemId, input, key)),
    onSuccess: async ({ review }) => {
      onPosted(review);
      await reviewsChanged(queryClient);
      await queryClient.invalidateQueries({ queryKey: ['orders'] });
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    setTried(true);
    if (unrated) return;
    const trimmed = text.trim();
    post.mutate({ rating, serviceRating, deliveryRating, anonymous, ...(trimmed ? { text: trimmed } : {}), ...(images.length ? { images } : {}) });
  }

  return (
    <form className="form review-form" onSubmit={submit} noValidate data-testid="review-form">
      <StarInput legend={t('reviews.form.rating')} value={rating} onChange={setRating} testId="review-rating" />
      <StarInput legend={t('reviews.form.serviceRating')} value={serviceRating} onChange={setServiceRating} testId="review-service" />
      <StarInput legend={t('reviews.form.deliveryRating')} value={deliveryRating} onChange={setDeliveryRating} testId="review-delivery" />
      <CountedText label={t('reviews.form.text')} value={text} onChange={setText} placeholder={t('reviews.form.textPlaceholder')} max={MAX_TEXT} testId="review-text-input" />
      <ReviewPhotoPicker photos={images} onChange={setImages} onBusy={onBusy} testId="review-photos-input" />
      <label className="check">
        <input type="checkbox" checked={anonymous} data-testid="review-anonymous" onChange={(event) => setAnonymous(event.target.checked)} />
        <span>{t('reviews.form.anonymous')}</span>
      </label>
      <p className="fine-print">{t('reviews.form.anonymousHint')}</p>
      <FormEnd missing={tried && unrated ? t('reviews.form.ratingRequired') : null} error={post.error} busy={uploading > 0} pending={post.isPending} label={t('reviews.form.submit')} testId="review" />
    </form>
  );
}

/** The buyer's one follow-up (追评) on their review, within 180 days (POST /reviews/:id/follow-up). */
export function FollowUpForm({ reviewId }: { reviewId: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const keys = useIdempotencyKeys();
  const [text, setText] = useState('');
  const [images, setImages] = useState<string[]>([]);
  const [uploading, setUploading] = useState(0);
  const [missing, setMissing] = useState(false);
  const onBusy = useCallback((n: number) => setUploading(n), []);
  const post = useMutation({
    mutationFn: (input: { text: string; images?: string[] }) => keys.send({ reviewId, input }, (key) => reviewsApi.followUp(reviewId, input, key)),
    onSuccess: () => reviewsChanged(queryClient),
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    if (!text.trim()) return setMissing(true);
    setMissing(false);
    post.mutate({ text: text.trim(), ...(images.length ? { images } : {}) });
  }
  return (
    <form className="form" onSubmit={submit} noValidate data-testid="follow-up-form">
      <h2>{t('reviews.followUp.title')}</h2>
      <CountedText label={t('reviews.followUp.text')} value={text} onChange={setText} placeholder={t('reviews.followUp.placeholder')} max={MAX_TEXT} testId="follow-up-text" />
      <ReviewPhotoPicker photos={images} onChange={setImages} onBusy={onBusy} testId="follow-up-photos" />
      <FormEnd missing={missing ? t('reviews.followUp.required') : null} error={post.error} busy={uploading > 0} pending={post.isPending} label={t('reviews.followUp.submit')} testId="follow-up" />
    </form>
  );
}
