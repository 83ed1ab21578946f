import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { EvidencePhotos } from '../components/EvidencePhotos';
import { Field, TextAreaField } from '../../../ui/Field';
import { Loading } from '../../../ui/Loading';
import { PageHeader } from '../../../ui/PageHeader';
import { compensationBeyondPrice, DISPUTE_CATEGORIES, disputeChanged, disputesApi, type DisputeCategory, type OpenDisputeInput } from '../api';
import { useIdempotencyKeys } from '../../../api/idempotency';
import { fenToYuan, formatFen, parseYuan } from '../../../lib/money';
import { orderChanged, useOrder, type Order } from '../../orders/api';
import { revealFirstProblem } from '../../../ui/reveal';
import { ApiError } from '../../../api/client';

type Problems = Partial<Record<'category' | 'refund' | 'compensation' | 'description', string>>;

/**
 * The claim as typed → the request, or what is wrong with it (RULES.md "Disputes"):
 * yuan are read exactly into fen; a refund is at most what was paid; compensation is
 * asked only where D5/D6 allow it beyond the price.
 */
function readClaim(t: TFunction, order: Order, form: FormData, category: DisputeCategory | null): { input: Omit<OpenDisputeInput, 'evidence'> } | { problems: Problems } {
  const problems: Problems = {};
  if (!category) problems.category = t('disputes.open.invalid.category');
  const refund = parseYuan(String(form.get('refund') ?? '') || '0');
  if (refund === null) problems.refund = t('disputes.open.invalid.amount');
  else if (refund > order.total) problems.refund = t('disputes.open.invalid.refundOver', { paid: formatFen(order.total) });
  const beyond = category !== null && compensationBeyondPrice(category);
  const compensation = beyond ? parseYuan(String(form.get('compensation') ?? '') || '0') : 0;
  if (compensation === null) problems.compensation = t('disputes.open.invalid.amount');
  if (refund === 0 && compensation === 0) problems.refund = t('disputes.open.invalid.nothingClaimed');
  const description = String(form.get('description') ?? '').trim();
  if (description.length < 1 || description.length > 4000) problems.description = t('disputes.open.invalid.description');
  if (Object.keys(problems).length > 0 || !category || refund === null || compensation === null) return { problems };
  return { input: { orderId: order.id, category, claim: { refund, ...(compensation > 0 ? { compensation } : {}) }, description } };
}

function OpenForm({ order }: { order: Order }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const keys = useIdempotencyKeys();
  const formRef = useRef<HTMLFormElement>(null);
  const [category, setCategory] = useState<DisputeCategory | null>(null);
  const [photos, setPhotos] = useState<string[]>([]);
  const [uploading, setUploading] = useState(0);
  const [problems, setProblems] = useState<Problems>({});
  const open = useMutation({
    mutationFn: (input: OpenDisputeInput) => keys.send(input, (key) => disputesApi.open(input, key)),
    onSuccess: async ({ dispute }) => {
      await disputeChanged(queryClient, dispute);
      await orderChanged(queryClient, order);
      void navigate(`/disputes/${dispute.id}`);
    },
  });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const read = readClaim(t, order, new FormData(event.currentTarget), category);
    if ('problems' in read) {
      setProblems(read.problems);
      revealFirstProblem(formRef.current);
      return;
    }
    setProblems({});
    open.mutate({ ...read.input, ...(photos.length > 0 ? { evidence: photos } : {}) });
  }

  const existing = open.error instanceof ApiError && open.error.code === 'DISPUTE_ALREADY_OPEN' ? open.error.problem.disputeId : undefined;
  return (
    <form ref={formRef} className="form" onSubmit={onSubmit} noValidate data-testid="dispute-open-form">
      <fieldset className="form-section">
        <legend>{t('disputes.open.category')}</legend>
        <div className="choice-group" role="radiogroup" aria-label={t('disputes.open.category')}>
          {DISPUTE_CATEGORIES.map((option) => (
            <label key={option} className={`choice ${category === option ? 'selected' : ''}`} data-testid={`dispute-category-${option}`}>
              <input type="radio" name="category" value={option} checked={category === option} onChange={() => setCategory(option)} />
              <span className="choice-title">{t(`disputes.categories.${option}`)}</span>
            </label>
          ))}
        </div>
        {problems.category && (
          <small className="field-error" data-testid="category-error">
            {problems.category}
          </small>
        )}
      </fieldset>
      <fieldset className="form-section">
        <legend>{t('disputes.case.claim')}</legend>
        <Field
          name="refund"
          label={t('disputes.open.refund')}
          inputMode="decimal"
          defaultValue={fenToYuan(order.total)}
          hint={t('disputes.open.refundHint', { paid: formatFen(order.total) })}
          error={problems.refund}
          data-testid="dispute-refund"
        />
        {category && compensationBeyondPrice(category) && (
          <Field name="compensation" label={t('disputes.open.compensation')} inputMode="decimal" hint={t('disputes.open.compensationHint')} error={problems.compensation} data-testid="dispute-compensation" />
        )}
      </fieldset>
      <TextAreaField
        name="description"
        label={t('disputes.open.description')}
        rows={5}
        maxLength={4000}
        placeholder={t('disputes.open.descriptionPlaceholder')}
        error={problems.description}
        data-testid="dispute-description"
      />
      <fieldset className="form-section">
        <legend>{t('disputes.open.evidence')}</legend>
        <p className="hint">{t('disputes.open.evidenceHint')}</p>
        <EvidencePhotos photos={photos} onChange={setPhotos} onBusy={setUploading} testId="dispute-evidence" />
      </fieldset>
      <ErrorBanner
        error={open.error}
        testId="dispute-open-error"
        {...(typeof existing === 'string' ? { links: { DISPUTE_ALREADY_OPEN: { to: `/disputes/${existing}`, label: t('disputes.open.seeOpen'), testId: 'dispute-existing' } } } : {})}
      />
      <button type="submit" className="button primary" disabled={open.isPending || uploading > 0} data-testid="dispute-open-submit">
        {open.isPending ? t('disputes.open.submitting') : t('disputes.open.submit')}
      </button>
      <Link to="/dispute-rules" className="fine-print" data-testid="dispute-rules-link">
        {t('disputes.rulesLink')} ›
      </Link>
    </form>
  );
}

/** /orders/:orderId/dispute: the buyer's complaint about its own order, with a claim and photos. */
export function DisputeOpenPage() {
  const { t } = useTranslation();
  const { orderId = '' } = useParams();
  const order = useOrder(orderId);
  return (
    <div className="page" data-testid="dispute-open-page">
      <PageHeader title={t('disputes.open.title')} intro={t('disputes.open.intro')} back={{ to: `/orders/${orderId}`, label: t('orders.order') }} />
      {order.isPending ? (
        <Loading />
      ) : order.isError ? (
        <ErrorBanner error={order.error} testId="dispute-order-error" />
      ) : (
        <>
          <p className="muted" data-testid="dispute-open-order">
            {t('disputes.open.order', { id: order.data.number, paid: formatFen(order.data.total) })}
          </p>
          <OpenForm order={order.data} />
        </>
      )}
    </div>
  );
}
