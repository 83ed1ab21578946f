import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { ApiError } from '../../../api/client';
import { useIdempotencyKeys } from '../../../api/idempotency';
import { fenToYuan, formatFen, parseYuan } from '../../../lib/money';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { Field, TextAreaField } from '../../../ui/Field';
import { Loading } from '../../../ui/Loading';
import { PageHeader } from '../../../ui/PageHeader';
import { revealFirstProblem } from '../../../ui/reveal';
import { EvidencePhotos } from '../../disputes/components/EvidencePhotos';
import { useOrder, type Order } from '../../orders/api';
import {
  AFTER_SALE_REASONS,
  AFTER_SALE_TYPES,
  afterSaleChanged,
  afterSalesApi,
  useAfterSaleOptions,
  type AfterSaleOptions,
  type AfterSaleReason,
  type AfterSaleType,
  type NewAfterSale,
} from '../api';
import { noReasonWhy, reasonsFor } from '../rules';

/** API.md: a description is at most 500 characters. */
const MAX_DESCRIPTION = 500;

type Problems = Partial<Record<'type' | 'reason' | 'items' | 'amount' | 'description', string>>;

/** The items a request can still name: none open already, something left to refund. */
const requestable = (options: AfterSaleOptions) => options.items.filter((item) => item.openRequestId === null && item.refundable > 0);

function RequestForm({ order, options, preselected }: { order: Order; options: AfterSaleOptions; preselected: string | null }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const keys = useIdempotencyKeys();
  const formRef = useRef<HTMLFormElement>(null);
  const open = requestable(options);
  const types = AFTER_SALE_TYPES.filter((type) => options.types.includes(type));
  const [type, setType] = useState<AfterSaleType | null>(types.length === 1 ? types[0]! : null);
  const [reason, setReason] = useState<AfterSaleReason | null>(null);
  const [chosen, setChosen] = useState<string[]>(() => (preselected && open.some((item) => item.orderItemId === preselected) ? [preselected] : open.map((item) => item.orderItemId)));
  const [photos, setPhotos] = useState<string[]>([]);
  const [uploading, setUploading] = useState(0);
  const [problems, setProblems] = useState<Problems>({});
  const create = useMutation({
    mutationFn: (input: NewAfterSale) => keys.send(input, (key) => afterSalesApi.create(order.id, input, key)),
    onSuccess: async ({ request }) => {
      await afterSaleChanged(queryClient, request);
      void navigate(`/after-sales/${request.id}`);
    },
  });

  // The full amount: what is still refundable of the chosen items, never more than of the order.
  const full = Math.min(
    options.refundable,
    open.filter((item) => chosen.includes(item.orderItemId)).reduce((sum, item) => sum + item.refundable, 0),
  );
  const reasons = type ? reasonsFor(type, AFTER_SALE_REASONS) : [];
  const whyNoReason = noReasonWhy(t, options, order, i18n.resolvedLanguage);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const found: Problems = {};
    if (!type) found.type = t('afterSales.form.invalid.type');
    if (!reason || !options.reasons.includes(reason)) found.reason = t('afterSales.form.invalid.reason');
    if (chosen.length === 0) found.items = t('afterSales.form.invalid.items');
    let amount: number | null = full;
    if (type === 'refund_only') {
      amount = parseYuan(String(form.get('amount') ?? ''));
      if (amount === null) found.amount = t('afterSales.form.invalid.amount');
      else if (amount === 0) found.amount = t('afterSales.form.invalid.amountZero');
      else if (amount > full) found.amount = t('afterSales.form.invalid.amountOver', { max: formatFen(full) });
    }
    const description = String(form.get('description') ?? '').trim();
    if (description.length > MAX_DESCRIPTION) found.description = t('afterSales.form.invalid.description');
    setProblems(found);
    if (Object.keys(found).length > 0 || !type || !reason || amount === null) {
      revealFirstProblem(formRef.current);
      return;
    }
    create.mutate({
      type,
      reason,
      itemIds: chosen,
      // Only a refund states its amount; a return refunds what the items cost.
      ...(type === 'refund_only' ? { amount } : {}),
      ...(description ? { description } : {}),
      ...(photos.length > 0 ? { images: photos } : {}),
    });
  }

  const existing = create.error instanceof ApiError && create.error.code === 'AFTER_SALE_ALREADY_OPEN' ? create.error.problem.requestId : undefined;
  return (
    <form ref={formRef} className="form" onSubmit={onSubmit} noValidate data-testid="after-sale-form">
      <fieldset className="form-section">
        <legend>{t('afterSales.form.type')}</legend>
        <div className="choice-group after-sales-types" role="radiogroup" aria-label={t('afterSales.form.type')}>
          {types.map((option) => (
            <label key={option} className={`choice ${type === option ? 'selected' : ''}`} data-testid={`after-sale-type-${option}`}>
              <input
                type="radio"
                name="type"
                value={option}
                checked={type === option}
                onChange={() => {
                  setType(option);
                  if (reason && !reasonsFor(option, AFTER_SALE_REASONS).includes(reason)) setReason(null);
                }}
              />
              <span className="choice-title">{t(`afterSales.types.${option}`)}</span>
              <span className="choice-hint">{t(`afterSales.typeHints.${option}`)}</span>
            </label>
          ))}
        </div>
        {problems.type && (
          <small className="field-error" data-testid="type-error">
            {problems.type}
          </small>
        )}
      </fieldset>
      {type && (
        <fieldset className="form-section">
          <legend>{t('afterSales.form.reason')}</legend>
          <div className="choice-group after-sales-reasons" role="radiogroup" aria-label={t('afterSales.form.reason')}>
            {reasons.map((option) => {
              const allowed = options.reasons.includes(option);
              // R9: no-reason return is shown even when closed, with why; other reasons that do not apply are left out.
              if (!allowed && option !== 'no_reason') return null;
              return (
                <label
                  key={option}
                  className={`choice ${reason === option ? 'selected' : ''} ${allowed ? '' : 'unavailable'}`}
                  data-testid={`after-sale-reason-${option}`}
                  data-available={allowed}
                >
                  <input
                    type="radio"
                    name="reason"
                    value={option}
                    checked={reason === option}
                    disabled={!allowed}
                    aria-describedby={allowed ? undefined : 'no-reason-why'}
                    onChange={() => setReason(option)}
                  />
                  <span className="choice-title">{t(`afterSales.reasons.${option}`)}</span>
                  {!allowed && whyNoReason && (
                    <span className="choice-hint" id="no-reason-why" data-testid="after-sale-no-reason-why">
                      {whyNoReason}
                    </span>
                  )}
                </label>
              );
            })}
          </div>
          {problems.reason && (
            <small className="field-error" data-testid="reason-error">
              {problems.reason}
            </small>
          )}
        </fieldset>
      )}
      <fieldset className="form-section">
        <legend>{t('afterSales.form.items')}</legend>
        {options.items.map((item) => {
          const available = open.some((candidate) => candidate.orderItemId === item.orderItemId);
          return (
            <label key={item.orderItemId} className="check" data-testid="after-sale-item">
              <input
                type="checkbox"
                name="itemIds"
                value={item.orderItemId}
                checked={chosen.includes(item.orderItemId)}
                disabled={!available}
                data-testid={`after-sale-item-${item.orderItemId}`}
                onChange={(event) => setChosen((now) => (event.currentTarget.checked ? [...now, item.orderItemId] : now.filter((id) => id !== item.orderItemId)))}
              />
              <span>
                {item.title} · {item.skuName} × {item.quantity} <span className="price">{formatFen(item.refundable)}</span>
              </span>
            </label>
          );
        })}
        {problems.items && (
          <small className="field-error" data-testid="items-error">
            {problems.items}
          </small>
        )}
        {type === 'refund_only' ? (
          <Field
            key={full}
            name="amount"
            label={t('afterSales.form.amount')}
            inputMode="decimal"
            defaultValue={fenToYuan(full)}
            hint={t('afterSales.form.amountHint', { max: formatFen(full) })}
            error={problems.amount}
            data-testid="after-sale-amount"
          />
        ) : (
          type && (
            <p data-testid="after-sale-amount-full">
              {t('afterSales.form.amountFull', { amount: formatFen(full) })}
            </p>
          )
        )}
      </fieldset>
      <TextAreaField
        name="description"
        label={t('common.optionalLabel', { label: t('afterSales.form.description') })}
        rows={4}
        maxLength={MAX_DESCRIPTION}
        placeholder={t('afterSales.form.descriptionPlaceholder')}
        error={problems.description}
        data-testid="after-sale-description"
      />
      <fieldset className="form-section">
        <legend>{t('afterSales.form.photos')}</legend>
        <p className="hint">{t('afterSales.form.photosHint')}</p>
        <EvidencePhotos photos={photos} onChange={setPhotos} onBusy={setUploading} testId="after-sale-photos" />
      </fieldset>
      <ErrorBanner
        error={create.error}
        testId="after-sale-form-error"
        {...(typeof existing === 'string' ? { links: { AFTER_SALE_ALREADY_OPEN: { to: `/after-sales/${existing}`, label: t('afterSales.form.seeExisting'), testId: 'after-sale-existing' } } } : {})}
      />
      <button type="submit" className="button primary" disabled={create.isPending || uploading > 0} data-testid="after-sale-submit">
        {create.isPending ? t('afterSales.form.submitting') : t('afterSales.form.submit')}
      </button>
    </form>
  );
}

/** /orders/:orderId/after-sales/new(?item=…): the buyer's request — kind, reason, items, amount, description, photos. */
export function AfterSaleNewPage() {
  const { t } = useTranslation();
  const { orderId = '' } = useParams();
  const [params] = useSearchParams();
  const order = useOrder(orderId);
  const options = useAfterSaleOptions(orderId, order.data?.status);
  const failed = order.error ?? options.error;
  return (
    <div className="page" data-testid="after-sale-new-page">
      <PageHeader title={t('afterSales.form.title')} intro={t('afterSales.form.intro')} back={{ to: `/orders/${orderId}`, label: t('orders.order') }} />
      {failed ? (
        <ErrorBanner error={failed} testId="after-sale-order-error" />
      ) : !order.data || !options.data ? (
        <Loading />
      ) : (
        <>
          <p className="muted" data-testid="after-sale-order">
            {t('afterSales.form.order', { number: order.data.number, paid: formatFen(order.data.total) })}
          </p>
          {options.data.types.length === 0 || requestable(options.data).length === 0 ? (
            <p className="empty" data-testid="after-sale-not-available">
              {t('afterSales.form.notAvailable')}
            </p>
          ) : (
            <RequestForm order={order.data} options={options.data} preselected={params.get('item')} />
          )}
        </>
      )}
    </div>
  );
}
