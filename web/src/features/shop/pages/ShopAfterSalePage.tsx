import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useParams } from 'react-router';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { Loading } from '../../../ui/Loading';
import { PageHeader } from '../../../ui/PageHeader';
import { formatDateTime } from '../../../lib/format';
import { formatFen } from '../../../lib/money';
import { isOneOf } from '../../../api/enums';
import { EvidenceList } from '../../disputes/components/EvidencePhotos';
import { useNow } from '../../orders/api';
import { AFTER_SALE_EVENTS, AFTER_SALES_KEY, afterSalesApi, type AfterSale } from '../afterSales';
import { AfterSaleActions } from '../components/AfterSaleActions';
import { AfterSaleCountdown, AfterSaleStatusPill } from '../components/AfterSaleParts';
import { useShopOperator } from '../components/ShopConsole';

/** Who must act by when, with the time left ticking. */
function Deadline({ request }: { request: AfterSale }) {
  const { t, i18n } = useTranslation();
  const now = useNow();
  if (!request.deadline || !request.turn) return null;
  const ours = request.turn === 'shop';
  return (
    <div className={`banner ${ours ? 'warning' : 'info'}`} role="status" data-testid="after-sale-turn" data-turn={request.turn}>
      <p>
        <strong>{t(`shop.afterSales.turn.${request.turn}`)}</strong> ·{' '}
        {ours ? t('shop.afterSales.detail.deadline', { time: formatDateTime(request.deadline, i18n.resolvedLanguage) }) : t('shop.afterSales.detail.deadlineOther', { time: formatDateTime(request.deadline, i18n.resolvedLanguage) })}
      </p>
      <p>
        <AfterSaleCountdown deadline={request.deadline} now={now} testId="after-sale-countdown" />
      </p>
    </div>
  );
}

/** What was asked, by whom, for what: the facts, the buyer's note and photos, the parcels. */
function Facts({ request }: { request: AfterSale }) {
  const { t, i18n } = useTranslation();
  const shipping = (s: { carrier: string; trackingNumber: string }) => t('shop.afterSales.detail.shipping', { carrier: s.carrier, trackingNumber: s.trackingNumber });
  return (
    <section className="card after-sale-facts" data-testid="after-sale-facts">
      <dl className="facts">
        <div>
          <dt>{t('shop.afterSales.detail.order')}</dt>
          <dd data-testid="after-sale-order">{request.orderNumber}</dd>
        </div>
        <div>
          <dt>{t('shop.afterSales.detail.buyer')}</dt>
          <dd data-testid="after-sale-buyer">{request.buyer.displayName}</dd>
        </div>
        <div>
          <dt>{t('shop.afterSales.detail.type')}</dt>
          <dd data-testid="after-sale-type">{t(`shop.afterSales.types.${request.type}`)}</dd>
        </div>
        <div>
          <dt>{t('shop.afterSales.detail.reason')}</dt>
          <dd data-testid="after-sale-reason">{t(`shop.afterSales.reasons.${request.reason}`)}</dd>
        </div>
        <div>
          <dt>{t('shop.afterSales.detail.amount')}</dt>
          <dd className="price" data-testid="after-sale-amount">
            {formatFen(request.amount)}
          </dd>
        </div>
        <div>
          <dt>{t('shop.afterSales.detail.createdAt')}</dt>
          <dd>{formatDateTime(request.createdAt, i18n.resolvedLanguage)}</dd>
        </div>
      </dl>
      <h2>{t('shop.afterSales.detail.items')}</h2>
      <ul className="plain-list" data-testid="after-sale-items">
        {request.items.map((item) => (
          <li key={item.orderItemId}>
            {item.title} · {item.skuName} × {item.quantity} <span className="price">{formatFen(item.unitPrice)}</span>
          </li>
        ))}
      </ul>
      <h2>{t('shop.afterSales.detail.description')}</h2>
      <p className="description" data-testid="after-sale-description">
        {request.description ?? <span className="muted">{t('shop.afterSales.detail.noDescription')}</span>}
      </p>
      {request.images.length > 0 && (
        <>
          <h2>{t('shop.afterSales.detail.photos')}</h2>
          <EvidenceList urls={request.images} testId="after-sale-photos" />
        </>
      )}
      {request.returnShipment && (
        <>
          <h2>{t('shop.afterSales.detail.returnShipment')}</h2>
          <p data-testid="after-sale-return-shipment">{shipping(request.returnShipment)}</p>
          {request.returnShipment.fee > 0 && <p className="fine-print">{t('shop.afterSales.detail.returnShippingFee', { amount: formatFen(request.returnShipment.fee) })}</p>}
        </>
      )}
      {request.exchangeShipment && (
        <>
          <h2>{t('shop.afterSales.detail.exchangeShipment')}</h2>
          <p data-testid="after-sale-exchange-shipment">{shipping(request.exchangeShipment)}</p>
        </>
      )}
      {request.returnAddress && (
        <>
          <h2>{t('shop.afterSales.detail.returnAddress')}</h2>
          <p data-testid="after-sale-return-address">
            {request.returnAddress.recipient} {request.returnAddress.phone} {request.returnAddress.region} {request.returnAddress.line}
          </p>
        </>
      )}
      {request.disputeId && (
        <p>
          <Link to={`/disputes/${request.disputeId}`} data-testid="after-sale-dispute">
            {t('shop.afterSales.detail.dispute')} ›
          </Link>
        </p>
      )}
    </section>
  );
}

/** Every step so far, oldest first, with who took it and what they wrote. */
function Timeline({ request }: { request: AfterSale }) {
  const { t, i18n } = useTranslation();
  return (
    <section className="card" data-testid="after-sale-timeline" aria-labelledby="after-sale-timeline-title">
      <h2 id="after-sale-timeline-title">{t('shop.afterSales.detail.timeline')}</h2>
      <ol className="timeline">
        {request.timeline.map((entry, i) => (
          <li key={`${entry.type}-${i}`} data-testid="after-sale-event" data-type={entry.type}>
            <span>{isOneOf(AFTER_SALE_EVENTS, entry.type) ? t(`shop.afterSales.events.${entry.type}`) : t('shop.afterSales.events.other')}</span>{' '}
            <span className="muted">· {t(`shop.afterSales.actors.${entry.actor}`)}</span>{' '}
            <time className="muted" dateTime={entry.at}>
              {formatDateTime(entry.at, i18n.resolvedLanguage)}
            </time>
            {/* The request's own note is shown above; a refusal's reason and the like here. */}
            {entry.body && entry.type !== 'requested' && (
              <p className="fine-print" data-testid="after-sale-event-body">
                {entry.body}
              </p>
            )}
            {entry.type !== 'requested' && <EvidenceList urls={entry.images} testId="after-sale-event-photos" />}
          </li>
        ))}
      </ol>
    </section>
  );
}

/** /shop/after-sales/:requestId: one request, what it asks and what has happened, and what the shop can do now. */
export function ShopAfterSalePage() {
  const { t } = useTranslation();
  const operator = useShopOperator();
  const { requestId = '' } = useParams();
  // The buyer moves the request too (ships the return, withdraws): read it afresh each time it is opened.
  const request = useQuery({ queryKey: [...AFTER_SALES_KEY, requestId], queryFn: () => afterSalesApi.get(requestId), enabled: Boolean(operator), staleTime: 0 });
  if (!operator) return <Navigate to="/shop" replace />;
  return (
    <div className="page" data-testid="shop-after-sale-page">
      <PageHeader title={t('shop.afterSales.detail.title')} back={{ to: '/shop/after-sales', label: t('shop.afterSales.detail.back') }} />
      {request.isPending ? (
        <Loading />
      ) : !request.data ? (
        <ErrorBanner error={request.error} testId="after-sale-error" />
      ) : (
        <>
          <p>
            <AfterSaleStatusPill request={request.data} />
          </p>
          <Deadline request={request.data} />
          <AfterSaleActions request={request.data} operatorId={operator.id} />
          <Facts request={request.data} />
          <Timeline request={request.data} />
        </>
      )}
    </div>
  );
}
