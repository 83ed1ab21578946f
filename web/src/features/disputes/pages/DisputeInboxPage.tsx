import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../../ui/PageHeader';
import { isLive, turnOf, useMyDisputes, type DisputeStatus } from '../api';
import { DisputeList, StatusChips } from '../components/DisputeList';

/**
 * The reader's cases in one role: `/shop/disputes` lists those on the reader's
 * shops, `/provider/disputes` those naming its service provider (D7), marking the
 * ones awaiting its answer; `/me/disputes` those it opened.
 */
export function DisputeInboxPage({ role }: { role: 'buyer' | 'operator' | 'provider' }) {
  const { t } = useTranslation();
  const [status, setStatus] = useState<DisputeStatus | undefined>(undefined);
  const list = useMyDisputes(role, status);
  return (
    <div className="page" data-testid={`dispute-inbox-${role}`}>
      <PageHeader
        title={role === 'operator' ? t('disputes.inbox.title') : role === 'provider' ? t('disputes.inbox.providerTitle') : t('disputes.inbox.buyerTitle')}
        {...(role === 'operator' ? { intro: t('disputes.inbox.intro'), back: { to: '/shop', label: t('me.flowShop') } } : {})}
        {...(role === 'provider' ? { back: { to: '/service-provider', label: t('me.flowServiceProvider') } } : {})}
      />
      <StatusChips status={status} onChange={setStatus} />
      <DisputeList list={list} linkTo={(dispute) => `/disputes/${dispute.id}`} yourTurn={(dispute) => (role === 'provider' ? dispute.serviceProvider?.answer === null && isLive(dispute.status) : turnOf(dispute)?.party === role)} />
    </div>
  );
}
