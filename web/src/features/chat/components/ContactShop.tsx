import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { useMe, type NavigationState } from '../../../app/session';
import { useOpenConversation, type Offer } from '../api';
import { ChatError } from './ChatError';

/**
 * 联系客服 (issue 18 item 1): opens the reader's one conversation with the shop and goes to it,
 * offering to send the product or order it was pressed on. Signed out, it leads to the login.
 */
export function ContactShop({ operatorId, offer, className = 'button secondary' }: { operatorId: string; offer?: Offer; className?: string }) {
  const { t } = useTranslation();
  const me = useMe();
  const open = useOpenConversation();
  const { pathname } = useLocation();
  if (me.data === null) {
    const back: NavigationState = { from: pathname };
    return (
      <Link to="/login" state={back} className={className} data-testid="contact-shop-login">
        {t('chat.contactLogin')}
      </Link>
    );
  }
  return (
    <>
      <button type="button" className={className} disabled={open.isPending || !me.data} data-testid="contact-shop" onClick={() => open.mutate({ operatorId, offer })}>
        {t('chat.contact')}
      </button>
      <ChatError error={open.error} testId="contact-shop-error" />
    </>
  );
}
