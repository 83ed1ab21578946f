import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { isOneOf } from '../../../api/enums';
import { formatDateTime } from '../../../lib/format';
import { ORDER_STATUSES } from '../../orders/api';
import { formatFen } from '../../../lib/money';
import type { Message } from './api';

/** A product or order card, rendered live by the server at read time (title, price, status now). */
function Card({ card }: { card: NonNullable<Message['card']> }) {
  const { t } = useTranslation();
  if (card.type === 'unavailable') return <p className="muted">{t('shop.inbox.cardGone')}</p>;
  if (card.type === 'product') {
    return (
      <Link to={`/products/${card.id}`} className="chat-card" data-testid="chat-product-card">
        {card.image && <img src={card.image} alt="" width={56} height={56} loading="lazy" />}
        <span className="chat-card-body">
          <span className="muted">{t('shop.inbox.productCard')}</span>
          <strong data-testid="chat-card-title">{card.title}</strong>
          <span className="price">{formatFen(card.price)}</span>
        </span>
      </Link>
    );
  }
  return (
    <Link to={`/orders/${card.id}`} className="chat-card" data-testid="chat-order-card">
      <span className="chat-card-body">
        <strong data-testid="chat-card-title">{t('shop.inbox.orderCard', { number: card.number })}</strong>
        <span>
          {isOneOf(ORDER_STATUSES, card.status) ? `${t(`orders.status.${card.status}`)} · ` : ''}
          {t('shop.inbox.orderItems', { count: card.itemCount })}
        </span>
        <span className="price">{formatFen(card.total)}</span>
      </span>
    </Link>
  );
}

/**
 * One message as the shop sees it: the buyer's on the left, the shop's on the right with the
 * staff member who answered (internal to the shop) and whether the buyer has read it. Text
 * that held a phone, WeChat or QQ id or an outside link comes masked, with the notice.
 */
export function MessageBubble({ message }: { message: Message }) {
  const { t, i18n } = useTranslation();
  const mine = message.from === 'shop';
  return (
    <li className={`chat-message ${mine ? 'mine' : 'theirs'}`} data-testid="chat-message" data-from={message.from} data-kind={message.kind}>
      <div className="chat-bubble">
        {message.text && <p className="chat-text">{message.text}</p>}
        {message.image && (
          <a href={message.image} target="_blank" rel="noreferrer" className="chat-image">
            <img src={message.image} alt={t('shop.inbox.image')} loading="lazy" />
          </a>
        )}
        {message.card && <Card card={message.card} />}
        {message.masked && (
          <p className="chat-masked" role="note" data-testid="chat-masked">
            {t('shop.inbox.maskedNotice')}
          </p>
        )}
      </div>
      <p className="chat-meta muted">
        <time dateTime={message.createdAt}>{formatDateTime(message.createdAt, i18n.resolvedLanguage)}</time>
        {mine && message.staff && (
          <span data-testid="chat-staff">
            {' · '}
            {t('shop.inbox.answeredBy', { name: message.staff.displayName })}
          </span>
        )}
        {mine && (
          <span data-testid="chat-receipt" data-read={message.readByOther}>
            {' · '}
            {message.readByOther ? t('shop.inbox.read') : t('shop.inbox.sent')}
          </span>
        )}
      </p>
    </li>
  );
}
