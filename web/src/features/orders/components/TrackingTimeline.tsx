import { useTranslation } from 'react-i18next';
import { CopyButton } from '../../../ui/CopyButton';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { Loading } from '../../../ui/Loading';
import { formatDateTime } from '../../../lib/format';
import { useCountdown } from '../../account/countdown';
import { newestFirst, useTracking, type Tracking, type TrackingKind } from '../tracking';
import type { Order } from '../api';

const DAY_S = 24 * 60 * 60;
/** The steps of a parcel that goes well, in order; an exception stands beside them. */
const STEPS = ['picked_up', 'in_transit', 'out_for_delivery', 'delivered'] as const satisfies readonly TrackingKind[];

/** The carrier, the number with a copy button. */
function Parcel({ carrier, trackingNumber }: { carrier: string; trackingNumber: string }) {
  const { t } = useTranslation();
  return (
    <div className="tracking-parcel">
      <p>
        <span className="muted">{t('tracking.parcel', { carrier })}</span>{' '}
        <span className="mono" data-testid="tracking-number">
          {trackingNumber}
        </span>
      </p>
      <CopyButton value={trackingNumber} label={t('tracking.copy')} copiedText={t('tracking.copied')} failedText={t('tracking.copyFailed')} testId="tracking-copy" />
    </div>
  );
}

/** The four steps with the one the parcel is at marked; an exception marks the step it stopped after. */
function Steps({ kind }: { kind: TrackingKind | null }) {
  const { t } = useTranslation();
  const reached = kind && kind !== 'exception' ? STEPS.indexOf(kind) : -1;
  return (
    <ol className="tracking-steps" aria-label={t('tracking.current')}>
      {STEPS.map((step, i) => (
        <li key={step} className={i < reached ? 'done' : i === reached ? 'current' : ''} aria-current={i === reached ? 'step' : undefined}>
          {t(`tracking.kinds.${step}`)}
        </li>
      ))}
    </ol>
  );
}

/** "已签收 · N 天后自动确认收货": whole days left, counted up, until the automatic receipt. */
function ReceiptCountdown({ autoReceiptAt, buyer }: { autoReceiptAt: string; buyer: boolean }) {
  const { t } = useTranslation();
  const left = useCountdown(new Date(autoReceiptAt).getTime());
  const days = Math.ceil(left / DAY_S);
  return (
    <p className="tracking-countdown" data-testid="tracking-countdown">
      {days > 0 ? t('tracking.deliveredCountdown', { days }) : t('tracking.deliveredSoon')}
      {buyer && (
        <>
          <br />
          <span className="fine-print">{t('tracking.deliveredHint')}</span>
        </>
      )}
    </p>
  );
}

/** The carrier's events, newest first, the newest marked as where the parcel is now. */
function Events({ tracking }: { tracking: Tracking }) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage;
  return (
    <ol className="tracking-events" data-testid="tracking-events">
      {newestFirst(tracking.events).map((event, i) => (
        <li key={`${event.at}-${event.kind}-${i}`} data-testid="tracking-event" data-kind={event.kind} className={`${event.kind === 'exception' ? 'exception' : ''} ${i === 0 ? 'latest' : ''}`}>
          <strong>{t(`tracking.kinds.${event.kind}`)}</strong>
          {event.note && <span className="tracking-note">{event.note}</span>}
          <span className="muted">
            {event.place ? t('tracking.eventAt', { place: event.place, time: formatDateTime(event.at, language) }) : formatDateTime(event.at, language)}
          </span>
        </li>
      ))}
    </ol>
  );
}

/**
 * An order's parcel (buyer's order page and the shop's order detail): the carrier and
 * number, and for a carrier that reports to Agora the current state, the events newest
 * first, live, the exception banner and, once delivered, the days to automatic receipt.
 * The shop sees it inside its order's details (`viewer="shop"`): no card of its own, no advice meant for the buyer.
 */
export function TrackingTimeline({ order, viewer = 'buyer' }: { order: Order; viewer?: 'buyer' | 'shop' }) {
  const { t } = useTranslation();
  const tracking = useTracking(order.id, order.status === 'shipped');
  if (!order.shipping) return null;
  const data = tracking.data;
  const status = data?.status;
  const kind = status === 'untracked' || status === 'awaiting_pickup' ? null : (status ?? null);
  return (
    <section className={viewer === 'buyer' ? 'card tracking' : 'tracking'} data-testid="order-tracking" data-status={status ?? 'loading'}>
      <h2>{t('tracking.title')}</h2>
      <Parcel carrier={order.shipping.carrier} trackingNumber={order.shipping.trackingNumber} />
      {tracking.isPending ? (
        <Loading />
      ) : !data ? (
        <ErrorBanner error={tracking.error} testId="tracking-error" />
      ) : status === 'untracked' ? (
        <p className="fine-print" data-testid="tracking-untracked">
          {t('tracking.untracked')}
        </p>
      ) : (
        <>
          {kind === 'exception' && (
            <div className="banner warning" role="alert" data-testid="tracking-exception">
              <strong>{t('tracking.exceptionTitle')}</strong>
              <p>{t('tracking.exceptionBody')}</p>
            </div>
          )}
          {/* Read out when it changes: the stream moves the parcel on while the page is open. */}
          <div aria-live="polite">
            <p className="tracking-state" data-testid="tracking-state" data-status={status}>
              <span className="muted">{t('tracking.current')}</span>{' '}
              <span className={`pill ${kind === 'exception' ? 'bad' : kind === 'delivered' ? 'ok' : 'wait'}`}>{kind ? t(`tracking.kinds.${kind}`) : t('tracking.waiting')}</span>
            </p>
            {kind === 'delivered' && order.status === 'shipped' && data.autoReceiptAt && <ReceiptCountdown autoReceiptAt={data.autoReceiptAt} buyer={viewer === 'buyer'} />}
          </div>
          <Steps kind={kind} />
          {data.events.length > 0 && <Events tracking={data} />}
          {order.status === 'shipped' && <p className="fine-print">{t('tracking.live')}</p>}
        </>
      )}
    </section>
  );
}
