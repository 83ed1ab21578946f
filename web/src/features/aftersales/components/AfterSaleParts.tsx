/** Pieces of an after-sales request shown on its page, the order page and the list. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isOneOf } from '../../../api/enums';
import { formatDateTime } from '../../../lib/format';
import { formatFen } from '../../../lib/money';
import { EvidenceList } from '../../disputes/components/EvidencePhotos';
import { useNow } from '../../orders/api';
import { AFTER_SALE_EVENTS, isOpen, turnOf, type AfterSale, type AfterSaleStatus } from '../api';
import { daysLeft, formatHms } from '../rules';

/** The status pill: waiting, done (money back or goods exchanged), or over without it. */
export function AfterSaleStatusPill({ status, testId = 'after-sale-status' }: { status: AfterSaleStatus; testId?: string }) {
  const { t } = useTranslation();
  const tone = status === 'refunded' || status === 'exchanged' ? 'ok' : status === 'refused' ? 'bad' : isOpen(status) || status === 'escalated' ? 'wait' : 'muted';
  return (
    <span className={`pill ${tone}`} data-testid={testId} data-status={status}>
      {t(`afterSales.statuses.${status}`)}
    </span>
  );
}

/**
 * Whose turn it is and the time left, ticking (「等待商家处理 · 剩余 47:12:05」, 「请在 6 天内寄回」),
 * or, once over, how it ended. The deadline is the server's; past it, this device's clock
 * only says so (what happens then is the server's job).
 */
export function TurnBanner({ request }: { request: AfterSale }) {
  const { t, i18n } = useTranslation();
  const now = useNow();
  const turn = turnOf(request);
  if (!turn) return <EndBanner request={request} />;
  const due = request.deadline ? formatDateTime(request.deadline, i18n.resolvedLanguage) : null;
  const left = request.deadline ? new Date(request.deadline).getTime() - now : null;
  const overdue = left !== null && left <= 0 && turn !== 'platform';
  let line: string;
  if (overdue) line = t('afterSales.request.turn.overdue', { time: due });
  else if (turn === 'buyerShip') line = t('afterSales.request.turn.buyerShip', { days: daysLeft(left ?? 0) });
  else if (turn === 'shopAnswer' || turn === 'shopReceive' || turn === 'shopExchange') line = t(`afterSales.request.turn.${turn}`, { left: formatHms(left ?? 0) });
  else line = t(`afterSales.request.turn.${turn}`);
  const buyersTurn = turn === 'buyerShip' || turn === 'buyerEscalate';
  return (
    <div className={`banner ${overdue ? 'warning' : buyersTurn ? 'warning' : 'info'} turn-banner`} role="status" data-testid="after-sale-turn" data-turn={turn}>
      <p className="turn-line" data-testid="after-sale-countdown">
        {line}
      </p>
      {due && !overdue && <p data-testid="after-sale-due">{t('afterSales.request.turn.due', { time: due })}</p>}
      {request.status === 'refused' && request.refuseReason && <p data-testid="after-sale-refusal">{t('afterSales.request.refusalReason', { reason: request.refuseReason })}</p>}
      <p className="fine-print">{t(`afterSales.request.turnHint.${turn}`)}</p>
    </div>
  );
}

/** How a request ended: the amount refunded in ¥, the exchange, a withdrawal (an escalated one lives on as a dispute: TurnBanner). */
function EndBanner({ request }: { request: AfterSale }) {
  const { t } = useTranslation();
  const { status } = request;
  if (status !== 'refunded' && status !== 'exchanged' && status !== 'withdrawn') return null;
  return (
    <div className={`banner ${status === 'refunded' || status === 'exchanged' ? 'success' : 'info'}`} role="status" data-testid="after-sale-end" data-status={status}>
      <p className="after-sales-end">{t(`afterSales.request.ended.${status}`, { amount: formatFen(request.refunded) })}</p>
      {status === 'refunded' && request.returnShippingFee > 0 && (
        <p className="fine-print" data-testid="after-sale-end-fee">
          {t('afterSales.request.feeIncluded', { amount: formatFen(request.returnShippingFee) })}
        </p>
      )}
    </div>
  );
}

/** What was asked: kind, reason, items, amount, the description and its photos. */
export function AfterSaleFacts({ request }: { request: AfterSale }) {
  const { t, i18n } = useTranslation();
  return (
    <section className="card" data-testid="after-sale-facts">
      <h2>{t('afterSales.request.facts')}</h2>
      <dl className="facts">
        <div>
          <dt>{t('afterSales.form.type')}</dt>
          <dd data-testid="after-sale-type">{t(`afterSales.types.${request.type}`)}</dd>
        </div>
        <div>
          <dt>{t('afterSales.form.reason')}</dt>
          <dd data-testid="after-sale-reason">{t(`afterSales.reasons.${request.reason}`)}</dd>
        </div>
        <div>
          <dt>{t('afterSales.request.items')}</dt>
          <dd data-testid="after-sale-items">{request.items.map((item) => `${item.title} · ${item.skuName} × ${item.quantity}`).join('；')}</dd>
        </div>
        <div>
          <dt>{t('afterSales.request.amount')}</dt>
          <dd className="price" data-testid="after-sale-amount">
            {formatFen(request.amount)}
          </dd>
        </div>
        <div>
          <dt>{t('afterSales.request.createdAt')}</dt>
          <dd>{formatDateTime(request.createdAt, i18n.resolvedLanguage)}</dd>
        </div>
        {request.returnShipment && (
          <div>
            <dt>{t('afterSales.request.returnShipment')}</dt>
            <dd data-testid="after-sale-return-shipment">{`${request.returnShipment.carrier} ${request.returnShipment.trackingNumber}`}</dd>
          </div>
        )}
        {request.exchangeShipment && (
          <div>
            <dt>{t('afterSales.request.exchangeShipment')}</dt>
            <dd data-testid="after-sale-exchange-shipment">{`${request.exchangeShipment.carrier} ${request.exchangeShipment.trackingNumber}`}</dd>
          </div>
        )}
      </dl>
      {request.description && (
        <>
          <h3>{t('afterSales.form.description')}</h3>
          <p className="description" data-testid="after-sale-description">
            {request.description}
          </p>
        </>
      )}
      {request.images.length > 0 && <h3>{t('afterSales.request.photos')}</h3>}
      <EvidenceList urls={request.images} testId="after-sale-photos" />
    </section>
  );
}

/** The progress, oldest first: each step, who took it, when, and what they wrote with it. */
export function AfterSaleTimeline({ request }: { request: AfterSale }) {
  const { t, i18n } = useTranslation();
  return (
    <section className="card" data-testid="after-sale-timeline">
      <h2>{t('afterSales.request.timeline')}</h2>
      <ol className="timeline after-sales-timeline">
        {request.timeline.map((event, i) => (
          <li key={`${event.type}-${i}`} data-testid="after-sale-event" data-type={event.type} data-actor={event.actor}>
            <span className="actor">{t(`afterSales.request.actors.${event.actor}`)}</span>{' '}
            <span>{isOneOf(AFTER_SALE_EVENTS, event.type) ? t(`afterSales.request.events.${event.type}`) : t('afterSales.request.events.other', { type: event.type })}</span>{' '}
            <time className="muted" dateTime={event.at}>
              {formatDateTime(event.at, i18n.resolvedLanguage)}
            </time>
            {/* The request's own description is shown above; a refusal's reason or an escalation note here. */}
            {event.body && event.type !== 'requested' && (
              <p className="fine-print" data-testid="after-sale-event-body">
                {event.body}
              </p>
            )}
            {event.type !== 'requested' && <EvidenceList urls={event.images} testId="after-sale-event-photos" />}
          </li>
        ))}
      </ol>
    </section>
  );
}

/** The shop's return address for an approved return, with a button that copies it whole. */
export function ReturnAddressCard({ address }: { address: NonNullable<AfterSale['returnAddress']> }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  const text = `${address.recipient} ${address.phone}\n${address.region} ${address.line}`;
  return (
    <section className="card" data-testid="after-sale-return-address">
      <h2>{t('afterSales.request.returnAddress')}</h2>
      <p className="return-address" data-testid="after-sale-return-address-text">
        {text}
      </p>
      <p className="fine-print">{t('afterSales.request.returnAddressHint')}</p>
      <button
        type="button"
        className="button secondary"
        data-testid="after-sale-copy-address"
        onClick={() => {
          // No clipboard outside a secure context (or when refused): the address stays on screen to copy by hand.
          void (navigator.clipboard?.writeText(text) ?? Promise.reject(new Error('no clipboard'))).then(
            () => setCopied(true),
            () => setCopied(false),
          );
        }}
      >
        {copied ? t('afterSales.request.copied') : t('afterSales.request.copy')}
      </button>
      <span className="visually-hidden" role="status">
        {copied ? t('afterSales.request.copied') : ''}
      </span>
    </section>
  );
}
