import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDateTime } from '../../../lib/format';
import { formatFen } from '../../../lib/money';
import { thumbnailOf } from '../../../ui/image';
import { isOneOf } from '../../../api/enums';
import { ORDER_STATUSES } from '../../orders/api';
import { PRODUCT_STATUSES, type Card, type Message, type OrderCard, type ProductCard } from '../api';
import { ReportMessage } from './ReportDialog';

/** Words for a card's live status; a status this build does not know shows no words rather than a code. */
function useStatusWords(): (card: ProductCard | OrderCard) => string | undefined {
  const { t } = useTranslation();
  return (card) => {
    if (card.type === 'product') return isOneOf(PRODUCT_STATUSES, card.status) ? t(`chat.card.productStatus.${card.status}`) : undefined;
    return isOneOf(ORDER_STATUSES, card.status) ? t(`orders.status.${card.status}`) : undefined;
  };
}

/** A product or order card, read live (title, price and status as they are now, issue 18 item 1). */
export function CardView({ card }: { card: Card }) {
  const { t } = useTranslation();
  const statusWords = useStatusWords();
  if (card.type === 'unavailable') return <em className="muted" data-testid="chat-card-gone">{t('chat.card.gone')}</em>;
  const status = statusWords(card);
  if (card.type === 'product') {
    return (
      <Link to={`/products/${card.id}`} className="chat-card" data-testid="chat-card-product" data-status={card.status}>
        {card.image && <img src={thumbnailOf(card.image)} width={64} height={64} alt="" loading="lazy" />}
        <span className="chat-card-body">
          <span className="chat-card-title">{card.title}</span>
          <span className="price" data-testid="chat-card-price">
            {formatFen(card.price)}
          </span>
          {status && <span className="muted">{status}</span>}
        </span>
      </Link>
    );
  }
  return (
    <Link to={`/orders/${card.id}`} className="chat-card" data-testid="chat-card-order" data-status={card.status}>
      <span className="chat-card-body">
        <span className="chat-card-title">{t('chat.card.orderNumber', { number: card.number })}</span>
        <span>
          <span className="price" data-testid="chat-card-price">
            {formatFen(card.total)}
          </span>{' '}
          <span className="muted">{t('chat.card.items', { count: card.itemCount })}</span>
        </span>
        {status && <span className="muted">{status}</span>}
      </span>
    </Link>
  );
}

/** A photo in the thread; a tap shows it large in a modal dialog (Escape or the button closes it). */
function ChatImage({ url }: { url: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (open && element && !element.open) element.showModal();
    if (!open && element?.open) element.close();
  }, [open]);
  return (
    <>
      <button type="button" className="chat-image" aria-label={t('chat.thread.enlarge')} data-testid="chat-image" onClick={() => setOpen(true)}>
        <img src={thumbnailOf(url)} width={160} height={160} alt="" loading="lazy" />
      </button>
      <dialog ref={dialog} className="photo-viewer" aria-label={t('chat.thread.image')} onClose={() => setOpen(false)}>
        {open && <img src={url} alt={t('chat.thread.image')} />}
        <button type="button" className="button secondary" autoFocus onClick={() => setOpen(false)}>
          {t('chat.thread.close')}
        </button>
      </dialog>
    </>
  );
}

function Content({ message }: { message: Message }) {
  const { t } = useTranslation();
  if (message.kind === 'image' && message.image) return <ChatImage url={message.image} />;
  if (message.kind === 'product' || message.kind === 'order') {
    return message.card ? <CardView card={message.card} /> : <em className="muted">{t('chat.card.hidden')}</em>;
  }
  return <p className="chat-text">{message.text}</p>;
}

/**
 * One message: the buyer's own on the right with 已读/未读, the shop's on the left with a way to
 * report it; a masked message (a phone number, a WeChat id, a link) says why (issue 18 item 4).
 */
export function MessageBubble({ message, mine, read }: { message: Message; mine: boolean; read: boolean }) {
  const { t, i18n } = useTranslation();
  return (
    <li className={`chat-row ${mine ? 'mine' : 'theirs'}`} data-testid="chat-message" data-seq={message.seq} data-from={message.from} data-kind={message.kind} data-masked={message.masked}>
      <span className="visually-hidden">{mine ? t('chat.thread.me') : t('chat.thread.shop')}</span>
      <div className="chat-bubble">
        <Content message={message} />
      </div>
      {message.masked && (
        <p className="chat-masked" data-testid="chat-masked-notice">
          {t('chat.thread.masked')}
        </p>
      )}
      <div className="chat-meta">
        <time dateTime={message.createdAt}>{formatDateTime(message.createdAt, i18n.resolvedLanguage)}</time>
        {mine ? (
          <span className={read ? 'chat-read' : 'chat-unread'} data-testid="chat-receipt" data-read={read}>
            {read ? t('chat.thread.read') : t('chat.thread.unread')}
          </span>
        ) : (
          <ReportMessage messageId={message.id} />
        )}
      </div>
    </li>
  );
}
