import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../components/PageHeader';
import { turnOf, useMyDisputes, type DisputeStatus } from '../disputes';
import { DisputeList, StatusChips } from './DisputeList';

/**
 * The reader's cases in one role: `/operator/disputes` lists those on the reader's
 * shops (marking the ones awaiting its answer), `/me/disputes` those it opened.
 */
export function DisputeInboxPage({ role }: { role: 'buyer' | 'operator' }) {
  const { t } = useTranslation();
  const [status, setStatus] = useState<DisputeStatus | undefined>(undefined);
  const list = useMyDisputes(role, status);
  const party = role === 'operator' ? 'operator' : 'buyer';
  return (
    <div className="page" data-testid={`dispute-inbox-${role}`}>
      <PageHeader
        title={role === 'operator' ? t('disputes.inbox.title') : t('disputes.inbox.buyerTitle')}
        {...(role === 'operator' ? { intro: t('disputes.inbox.intro'), back: { to: '/shop', label: t('me.flowShop') } } : {})}
      />
      <StatusChips status={status} onChange={setStatus} />
      <DisputeList list={list} linkTo={(dispute) => `/disputes/${dispute.id}`} yourTurn={(dispute) => turnOf(dispute)?.party === party} />
    </div>
  );
}
