import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../lib/format';
import { formatFen } from '../../../lib/money';
import { isKnownEvent, type Order } from '../api';

/** The order's facts: items, add-ons, total, shipping, timeline. */
export function OrderDetails({ order }: { order: Order }) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage;
  return (
    <>
      <section className="card" data-testid="order-items">
        <h2>{t('orders.items')}</h2>
        <ul className="cart-lines">
          {order.items.map((item) => (
            <li key={item.id} data-testid="order-item">
              <div className="sku-line">
                <span>
                  {item.title} · {item.skuName} × {item.quantity}
                </span>
                <span className="price">{formatFen(item.unitPrice * item.quantity)}</span>
              </div>
            </li>
          ))}
        </ul>
        {order.addOns.length > 0 && (
          <>
            <h3>{t('orders.addOns')}</h3>
            <ul className="addon-list" data-testid="order-addons">
              {order.addOns.map((addOn) => (
                <li key={addOn.id} data-testid="order-addon">
                  {addOn.title} <span className="price">+{formatFen(addOn.price)}</span>
                </li>
              ))}
            </ul>
          </>
        )}
        <dl className="facts">
          <div>
            <dt>{t('orders.total')}</dt>
            <dd className="price" data-testid="order-total">
              {formatFen(order.total)}
            </dd>
          </div>
          <div>
            <dt>{t('orders.createdAt')}</dt>
            <dd>{formatDateTime(order.createdAt, language)}</dd>
          </div>
          <div>
            <dt>{t('orders.shipping')}</dt>
            <dd data-testid="order-shipping">{order.shipping ? `${order.shipping.carrier} ${order.shipping.trackingNumber}` : t('orders.noShipping')}</dd>
          </div>
        </dl>
      </section>
      <section className="card" data-testid="order-timeline">
        <h2>{t('orders.timeline')}</h2>
        <ol className="timeline">
          {order.timeline.map((event, i) => (
            <li key={`${event.type}-${i}`} data-testid="order-event" data-type={event.type}>
              <span>{isKnownEvent(event.type) ? t(`orders.events.${event.type}`) : t('orders.events.other', { type: event.type })}</span>{' '}
              <time className="muted" dateTime={event.at}>
                {formatDateTime(event.at, language)}
              </time>
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}
