import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import type { Me } from '../../../app/session';
import { useIdempotencyKeys } from '../../../api/idempotency';
import { fenToYuan, formatFen, parseYuan } from '../../../lib/money';
import { ConfirmDialog } from '../../../ui/ConfirmDialog';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { Field } from '../../../ui/Field';
import { Loading } from '../../../ui/Loading';
import { PageHeader } from '../../../ui/PageHeader';
import { ShipmentForm } from '../../orders/components/ShipmentForm';
import { useNow, useOrder, type Shipment } from '../../orders/api';
import { refreshWallet } from '../../wallet/api';
import { afterSaleChanged, afterSalesApi, canEscalate, canWithdraw, useAfterSale, type AfterSale, type ReturnShipment } from '../api';
import { AfterSaleFacts, AfterSaleStatusPill, AfterSaleTimeline, ReturnAddressCard, TurnBanner } from '../components/AfterSaleParts';

/** The most return postage the API takes (ReturnShipmentBody), fen: ¥50. */
const RETURN_SHIPPING_FEE_CAP = 5_000;

/** A step on the request (it may move money): one key per action, then the request, its order and the wallet are read again. */
function useRequestAction<T>(request: AfterSale, send: (input: T, key: string) => Promise<{ request: AfterSale }>) {
  const queryClient = useQueryClient();
  const keys = useIdempotencyKeys();
  return useMutation({
    mutationFn: (input: T) => keys.send({ input, request: request.id }, (key) => send(input, key)),
    onSuccess: async ({ request: changed }) => {
      await afterSaleChanged(queryClient, changed);
      await refreshWallet(queryClient);
    },
  });
}

/** An approved return: the carrier and tracking number, and the postage where the shop pays it. */
function ReturnShipmentCard({ request }: { request: AfterSale }) {
  const { t } = useTranslation();
  const [feeError, setFeeError] = useState<string | undefined>();
  const ship = useRequestAction<ReturnShipment>(request, (input, key) => afterSalesApi.shipReturn(request.id, input, key));
  function onSubmit(shipment: Shipment, form: FormData) {
    if (!request.shopPaysReturn) {
      ship.mutate(shipment);
      return;
    }
    const typed = String(form.get('returnShippingFee') ?? '').trim();
    const fee = typed === '' ? 0 : parseYuan(typed);
    const problem = fee === null ? t('afterSales.request.invalid.fee') : fee > RETURN_SHIPPING_FEE_CAP ? t('afterSales.request.invalid.feeOver', { max: formatFen(RETURN_SHIPPING_FEE_CAP) }) : undefined;
    setFeeError(problem);
    if (fee !== null && !problem) ship.mutate({ ...shipment, ...(fee > 0 ? { returnShippingFee: fee } : {}) });
  }
  return (
    <section className="card" data-testid="after-sale-ship">
      <h2>{t('afterSales.request.ship')}</h2>
      <ShipmentForm testId="after-sale-ship" submitLabel={t('afterSales.request.shipSubmit')} pending={ship.isPending} error={ship.error} onSubmit={onSubmit}>
        {request.shopPaysReturn && (
          <Field
            name="returnShippingFee"
            label={t('afterSales.request.returnShippingFee')}
            inputMode="decimal"
            placeholder={fenToYuan(0)}
            hint={t('afterSales.request.returnShippingFeeHint', { max: formatFen(RETURN_SHIPPING_FEE_CAP) })}
            error={feeError}
            data-testid="after-sale-ship-fee"
          />
        )}
      </ShipmentForm>
    </section>
  );
}

/** The buyer's ways out: withdraw, or ask the platform (after a refusal or a missed deadline), each asked once. */
function BuyerActions({ request }: { request: AfterSale }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const now = useNow();
  const [asking, setAsking] = useState<'withdraw' | 'escalate' | null>(null);
  const withdraw = useRequestAction<null>(request, (_, key) => afterSalesApi.withdraw(request.id, key));
  const escalate = useRequestAction<null>(request, (_, key) => afterSalesApi.escalate(request.id, key));
  const escalatable = canEscalate(request, now);
  const withdrawable = canWithdraw(request.status);
  if (!escalatable && !withdrawable && !request.disputeId) return null;
  return (
    <section className="card after-sales-actions" data-testid="after-sale-actions">
      <ErrorBanner error={withdraw.error ?? escalate.error} testId="after-sale-action-error" />
      <div className="button-row">
        {request.disputeId && (
          <Link to={`/disputes/${request.disputeId}`} className="button primary" data-testid="after-sale-dispute-link">
            {t('afterSales.request.dispute')}
          </Link>
        )}
        {escalatable && (
          <button type="button" className="button primary" data-testid="after-sale-escalate" onClick={() => setAsking('escalate')}>
            {t('afterSales.request.escalate')}
          </button>
        )}
        {withdrawable && (
          <button type="button" className="button danger-outline" data-testid="after-sale-withdraw" onClick={() => setAsking('withdraw')}>
            {t('afterSales.request.withdraw')}
          </button>
        )}
      </div>
      <ConfirmDialog
        open={asking === 'withdraw'}
        title={t('afterSales.request.withdrawTitle')}
        confirmLabel={t('afterSales.request.withdrawYes')}
        cancelLabel={t('afterSales.request.withdrawNo')}
        busy={withdraw.isPending}
        testId="after-sale-withdraw-dialog"
        onConfirm={() => withdraw.mutate(null, { onSettled: () => setAsking(null) })}
        onCancel={() => setAsking(null)}
      >
        <p>{t('afterSales.request.withdrawBody')}</p>
      </ConfirmDialog>
      <ConfirmDialog
        open={asking === 'escalate'}
        title={t('afterSales.request.escalateTitle')}
        confirmLabel={t('afterSales.request.escalateYes')}
        cancelLabel={t('afterSales.request.escalateNo')}
        busy={escalate.isPending}
        testId="after-sale-escalate-dialog"
        onConfirm={() =>
          escalate.mutate(null, {
            onSettled: () => setAsking(null),
            // The platform decides it as a dispute: the buyer goes where the case now lives.
            onSuccess: ({ request: changed }) => {
              if (changed.disputeId) void navigate(`/disputes/${changed.disputeId}`);
            },
          })
        }
        onCancel={() => setAsking(null)}
      >
        <p>{t('afterSales.request.escalateBody')}</p>
      </ConfirmDialog>
    </section>
  );
}

/** /after-sales/:afterSaleId: the request's state, whose turn it is and until when, the return address, what the buyer can do, the history. */
export function AfterSalePage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const { afterSaleId = '' } = useParams();
  const request = useAfterSale(afterSaleId);
  const order = useOrder(request.data?.orderId ?? '', request.data !== undefined);
  const back = { to: '/me/after-sales', label: t('afterSales.title') };
  if (request.isPending) return <Loading />;
  if (request.isError) {
    return (
      <div className="page" data-testid="after-sale-page">
        <PageHeader title={t('afterSales.request.title')} back={back} />
        <ErrorBanner error={request.error} testId="after-sale-error" />
      </div>
    );
  }
  const r = request.data;
  // The shop reads the same request (its notification links here): it sees it, but the buyer's actions are the buyer's.
  const isBuyer = order.data?.buyerId === me.id;
  return (
    <div className="page" data-testid="after-sale-page" data-after-sale-id={r.id}>
      <PageHeader title={t('afterSales.request.title')} back={back} />
      <div className="status-head">
        <AfterSaleStatusPill status={r.status} />
        <span className="pill">{t(`afterSales.types.${r.type}`)}</span>
      </div>
      <Link to={`/orders/${r.orderId}`} className="fine-print" data-testid="after-sale-order-link">
        {t('orders.number', { number: r.orderNumber })} ›
      </Link>
      <TurnBanner request={r} />
      {r.returnAddress && (r.status === 'approved' || r.status === 'returning') && <ReturnAddressCard address={r.returnAddress} />}
      {isBuyer && r.status === 'approved' && r.type !== 'refund_only' && <ReturnShipmentCard request={r} />}
      {isBuyer && <BuyerActions request={r} />}
      {order.data && !isBuyer && (
        // The shop's owner, from its notification: its answers live in its console.
        <Link to={`/shop/after-sales/${r.id}`} className="button primary" data-testid="after-sale-shop-console">
          {t('afterSales.request.shopConsole')}
        </Link>
      )}
      <AfterSaleFacts request={r} />
      <AfterSaleTimeline request={r} />
    </div>
  );
}
