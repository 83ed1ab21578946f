import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../lib/format';
import { CardView } from '../../chat/components/MessageBubble';
import type { Message } from './api';

/**
 * One message as the shop sees it: the buyer's on the left, the shop's on the right with the
 * staff member who answered (internal to the shop) and whether the buyer has read it. Text
 * that held a phone, WeChat or QQ id or an outside link comes masked, with the notice.
 */
export function MessageBubble({ message }: { message: Message }) {
  const { t, i18n } = useTranslation();
  const mine = message.from === 'shop';
  return (
    <li className={`inbox-message ${mine ? 'mine' : 'theirs'}`} data-testid="inbox-message" data-from={message.from} data-kind={message.kind}>
      <div className="inbox-bubble">
        {message.text && <p className="inbox-text">{message.text}</p>}
        {message.image && (
          <a href={message.image} target="_blank" rel="noreferrer" className="inbox-image">
            <img src={message.image} alt={t('shop.inbox.image')} loading="lazy" />
          </a>
        )}
        {message.card && <CardView card={message.card} />}
        {message.masked && (
          <p className="inbox-masked" role="note" data-testid="inbox-masked">
            {t('shop.inbox.maskedNotice')}
          </p>
        )}
      </div>
      <p className="inbox-meta muted">
        <time dateTime={message.createdAt}>{formatDateTime(message.createdAt, i18n.resolvedLanguage)}</time>
        {mine && message.staff && (
          <span data-testid="inbox-staff">
            {' · '}
            {t('shop.inbox.answeredBy', { name: message.staff.displayName })}
          </span>
        )}
        {mine && (
          <span data-testid="inbox-receipt" data-read={message.readByOther}>
            {' · '}
            {message.readByOther ? t('shop.inbox.read') : t('shop.inbox.sent')}
          </span>
        )}
      </p>
    </li>
  );
}
