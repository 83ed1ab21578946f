import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ConfirmDialog } from '../../../ui/ConfirmDialog';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { TextAreaField } from '../../../ui/Field';
import { Loading } from '../../../ui/Loading';
import { useIdempotencyKeys } from '../../../api/idempotency';
import { formatFen } from '../../../lib/money';
import { ShipmentForm } from '../../orders/components/ShipmentForm';
import { refreshWallet } from '../../wallet/api';
import { useShopProblems } from './AfterSaleParts';
import { afterSaleChanged, afterSalesApi, needsReturnAddress, refundTotal, RETURN_ADDRESSES_KEY, type AfterSale } from '../afterSales';

type Step = 'approve' | 'refuse' | 'received' | 'escalate';

/** One action on the request: one key per action, then the request, the inbox, the orders and the wallet are read again. */
function useAction<T>(request: AfterSale, send: (input: T, key: string) => Promise<{ request: AfterSale }>, done: () => void) {
  const queryClient = useQueryClient();
  const keys = useIdempotencyKeys();
  return useMutation({
    mutationFn: (input: T) => keys.send({ input, request: request.id }, (key) => send(input, key)),
    onSuccess: async ({ request: changed }) => {
      done();
      await afterSaleChanged(queryClient, changed);
      await refreshWallet(queryClient);
    },
  });
}

/**
 * What the shop can do with the request now: approve or refuse (with a reason) one that
 * waits for its decision, confirm a return came back (which refunds, R10), ship the
 * replacement of an exchange, or ask the platform to step in. Each step is confirmed once
 * in a dialog; approving a return or an exchange first needs a return address.
 */
export function AfterSaleActions({ request, operatorId }: { request: AfterSale; operatorId: string }) {
  const { t } = useTranslation();
  const [step, setStep] = useState<Step | null>(null);
  const [reason, setReason] = useState('');
  const [reasonMissing, setReasonMissing] = useState(false);
  const { inWords } = useShopProblems();
  const close = () => setStep(null);
  const addresses = useQuery({ queryKey: [...RETURN_ADDRESSES_KEY, operatorId], queryFn: () => afterSalesApi.returnAddresses(operatorId), enabled: request.status === 'requested' && needsReturnAddress(request.type) });
  const approve = useAction<null>(request, (_, key) => afterSalesApi.approve(request.id, key), close);
  const refuse = useAction<string>(request, (text, key) => afterSalesApi.refuse(request.id, text, key), close);
  const received = useAction<null>(request, (_, key) => afterSalesApi.returnReceived(request.id, key), close);
  const escalate = useAction<null>(request, (_, key) => afterSalesApi.escalate(request.id, key), close);
  const ship = useAction<{ carrier: string; trackingNumber: string }>(request, (shipment, key) => afterSalesApi.shipExchange(request.id, shipment, key), close);

  const deciding = request.status === 'requested';
  // Either side may ask the platform once the request is refused, or when the other side is past its deadline.
  const buyerLate = request.turn === 'buyer' && request.deadline !== null && Date.parse(request.deadline) <= Date.now();
  const canEscalate = !request.disputeId && (request.status === 'refused' || buyerLate);
  if (!deciding && request.status !== 'returning' && request.status !== 'received' && !canEscalate) return null;
  if (deciding && needsReturnAddress(request.type) && addresses.isPending) return <Loading />;
  const noAddress = deciding && needsReturnAddress(request.type) && addresses.data?.items.length === 0;
  const amount = formatFen(refundTotal(request));
  // The dialog is modal: what went wrong is said inside it, where the reader is.
  const dialog = (which: Step, title: string, confirmLabel: string, action: { isPending: boolean; error: unknown }, onConfirm: () => void, body: ReactNode) => (
    <ConfirmDialog open={step === which} title={title} confirmLabel={confirmLabel} cancelLabel={t('shop.afterSales.actions.cancel')} busy={action.isPending} testId={`after-sale-${which}-dialog`} onConfirm={onConfirm} onCancel={close}>
      {body}
      <ErrorBanner error={inWords(action.error)} testId={`after-sale-${which}-error`} />
    </ConfirmDialog>
  );

  return (
    <section className="card after-sale-actions" data-testid="after-sale-actions" aria-labelledby="after-sale-actions-title">
      <h2 id="after-sale-actions-title">{t('shop.afterSales.actions.title')}</h2>
      {noAddress && (
        <div className="banner warning" role="status" data-testid="after-sale-no-address">
          <p>
            {t('shop.afterSales.actions.noReturnAddress')}{' '}
            <Link to="/shop/settings" data-testid="after-sale-add-address">
              {t('shop.afterSales.actions.goAddresses')} ›
            </Link>
          </p>
        </div>
      )}
      <div className="button-row">
        {deciding && (
          <>
            <button type="button" className="button primary" disabled={noAddress} data-testid="after-sale-approve" onClick={() => setStep('approve')}>
              {t('shop.afterSales.actions.approve')}
            </button>
            <button type="button" className="button danger-outline" data-testid="after-sale-refuse" onClick={() => setStep('refuse')}>
              {t('shop.afterSales.actions.refuse')}
            </button>
          </>
        )}
        {request.status === 'returning' && (
          <button type="button" className="button primary" data-testid="after-sale-received" onClick={() => setStep('received')}>
            {request.type === 'exchange' ? t('shop.afterSales.actions.confirmReturnExchange') : t('shop.afterSales.actions.confirmReturn')}
          </button>
        )}
        {canEscalate && (
          <button type="button" className="button secondary" data-testid="after-sale-escalate" onClick={() => setStep('escalate')}>
            {t('shop.afterSales.actions.escalate')}
          </button>
        )}
      </div>
      {request.status === 'received' && request.type === 'exchange' && (
        <>
          <h3>{t('shop.afterSales.actions.shipExchange')}</h3>
          <ShipmentForm testId="after-sale-ship" submitLabel={t('shop.afterSales.actions.shipExchange')} pending={ship.isPending} error={inWords(ship.error)} onSubmit={(shipment) => ship.mutate(shipment)} />
        </>
      )}

      {dialog('approve', t('shop.afterSales.actions.approveTitle'), t('shop.afterSales.actions.approve'), approve, () => approve.mutate(null), <p>{t(`shop.afterSales.actions.approveBody.${request.type}`, { amount })}</p>)}
      {dialog(
        'refuse',
        t('shop.afterSales.actions.refuseTitle'),
        t('shop.afterSales.actions.refuse'),
        refuse,
        () => {
          const text = reason.trim();
          setReasonMissing(text === '');
          if (text) refuse.mutate(text);
        },
        <>
          <p>{t('shop.afterSales.actions.refuseBody')}</p>
          <TextAreaField
            name="refuse-reason"
            label={t('shop.afterSales.actions.refuseReason')}
            hint={t('shop.afterSales.actions.refuseReasonHint')}
            error={reasonMissing ? t('shop.afterSales.actions.refuseReasonRequired') : undefined}
            maxLength={500}
            rows={4}
            value={reason}
            onChange={(event) => setReason(event.target.value)}
            data-testid="after-sale-refuse-reason"
          />
        </>,
      )}
      {dialog(
        'received',
        t('shop.afterSales.actions.confirmReturnTitle'),
        request.type === 'exchange' ? t('shop.afterSales.actions.confirmReturnExchange') : t('shop.afterSales.actions.confirmReturn'),
        received,
        () => received.mutate(null),
        <p>{request.type === 'exchange' ? t('shop.afterSales.actions.confirmReturnExchangeBody') : t('shop.afterSales.actions.confirmReturnBody', { amount })}</p>,
      )}
      {dialog('escalate', t('shop.afterSales.actions.escalateTitle'), t('shop.afterSales.actions.escalate'), escalate, () => escalate.mutate(null), <p>{t('shop.afterSales.actions.escalateBody')}</p>)}
    </section>
  );
}
