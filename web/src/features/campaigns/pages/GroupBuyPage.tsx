/**
 * /group-buys/:id, where a share link (`/g/:id`) leads: the product at the group
 * price against the price alone, the members (real buyers only, by display name)
 * and the empty seats, a live countdown, and joining: an address, an order, the pay
 * sheet. `?order=` is the reader's own order in this group, paid right here.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams, useSearchParams } from 'react-router';
import { campaignApi, formatHms, groupBuyKey, groupShareUrl, useGroupBuy, useTimeLeft, type GroupBuy } from '../api';
import { AddressStep } from '../../orders/components/AddressStep';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { Loading } from '../../../ui/Loading';
import { Notice } from '../../../ui/Notice';
import { PageHeader } from '../../../ui/PageHeader';
import { Initial, SharePanel } from '../components/SharePanel';
import { useIdempotencyKeys } from '../../../api/idempotency';
import { formatFen } from '../../../lib/money';
import { ORDERS_KEY, orderChanged, useOrder, type Order } from '../../orders/api';
import { useMe, type NavigationState } from '../../../app/session';
import { PaySheet } from '../../orders/components/PaySheet';
import { ApiError } from '../../../api/client';

/** Paid members, reserved seats (ordered, paying) and the seats still empty. */
function Members({ group }: { group: GroupBuy }) {
  const { t } = useTranslation();
  const empty = Math.max(0, group.groupSize - group.members.length);
  return (
    <ul className="member-list" data-testid="group-members" aria-label={t('campaigns.group.members')}>
      {group.members.map((member, i) => (
        <li key={`${member.displayName}-${i}`} className={member.paid ? 'member' : 'member reserved'} data-testid="group-member" data-paid={member.paid}>
          <Initial name={member.displayName} className="large-ish" />
          <span className="member-name">{member.displayName}</span>
          {member.initiator && <span className="pill ok">{t('campaigns.group.initiator')}</span>}
          {!member.paid && <span className="pill wait">{t('campaigns.group.reserved')}</span>}
        </li>
      ))}
      {Array.from({ length: empty }, (_, i) => (
        <li key={`empty-${i}`} className="member empty-seat" data-testid="group-empty-seat">
          <span className="avatar small seat" aria-hidden="true">
            ?
          </span>
          <span className="member-name muted">{t('campaigns.group.emptySeat')}</span>
        </li>
      ))}
    </ul>
  );
}

/** Where the group stands: progress, the countdown, or how it ended. */
function Progress({ group }: { group: GroupBuy }) {
  const { t } = useTranslation();
  const left = useTimeLeft(group.expiresAt, group.serverTime);
  return (
    <section className="card" data-testid="group-progress">
      <div className="status-head">
        <span className={`pill ${group.status === 'complete' ? 'ok' : group.status === 'expired' ? 'bad' : 'wait'}`} data-testid="group-status" data-status={group.status}>
          {t(`campaigns.group.status.${group.status}`)}
        </span>
        <span data-testid="group-paid-count">{t('campaigns.group.progress', { paid: group.paidMembers, size: group.groupSize })}</span>
      </div>
      <progress className="meter" max={group.groupSize} value={group.paidMembers} aria-label={t('campaigns.group.progress', { paid: group.paidMembers, size: group.groupSize })} />
      <Members group={group} />
      {group.status === 'forming' && (
        <p className="countdown" data-testid="group-countdown">
          {group.formedAt ? t('campaigns.group.countdown', { time: formatHms(left) }) : t('campaigns.group.notFormed', { time: formatHms(left) })}
        </p>
      )}
      {group.status === 'forming' && group.formedAt && <p data-testid="group-seats-left">{t('campaigns.group.seatsLeft', { count: group.seatsLeft })}</p>}
      {group.status === 'complete' && <Notice testId="group-complete">{t('campaigns.group.completeNote')}</Notice>}
      {group.status === 'expired' && (
        <Notice kind="warning" testId="group-expired">
          {t('campaigns.group.expiredNote')}
        </Notice>
      )}
    </section>
  );
}

/** The reader's own seat: pay for it here, or see that it waits for the group (read again as the group changes). */
function MySeat({ orderId, group }: { orderId: string; group: GroupBuy }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const order = useOrder(orderId);
  useEffect(() => {
    void queryClient.invalidateQueries({ queryKey: [ORDERS_KEY, 'one', orderId] });
  }, [queryClient, orderId, group.status, group.paidMembers]);
  if (order.isPending) return <Loading />;
  if (order.isError) return <ErrorBanner error={order.error} testId="group-order-error" />;
  const o = order.data;
  return (
    <section className="card" data-testid="group-my-order" data-order-id={o.id} data-status={o.status}>
      {o.status === 'pending_payment' ? (
        <>
          <h2>{t('campaigns.group.payTitle')}</h2>
          <PaySheet order={o} />
        </>
      ) : (
        o.awaitingGroup && <Notice testId="group-paid-waiting">{t('campaigns.group.paidWaiting')}</Notice>
      )}
      <Link to={`/orders/${o.id}`} className="button secondary" data-testid="group-view-order">
        {t('campaigns.group.viewOrder')}
      </Link>
    </section>
  );
}

/** Taking a seat: choose the address, the order is placed at the group price, then the pay sheet. */
function Join({ group, onJoined }: { group: GroupBuy; onJoined: (order: Order) => void }) {
  const { t } = useTranslation();
  const location = useLocation();
  const me = useMe();
  const keys = useIdempotencyKeys();
  const [choosing, setChoosing] = useState(false);
  const join = useMutation({
    mutationFn: (input: { addressId: string }) => keys.send(input, (key) => campaignApi.joinGroup(group.id, input, key)),
    onSuccess: ({ order }) => onJoined(order),
  });
  if (me.data === null) {
    const state: NavigationState = { from: location.pathname, notice: 'signInRequired' };
    return (
      <Link to="/login" state={state} className="button primary" data-testid="group-login">
        {t('home.loginCta')}
      </Link>
    );
  }
  const code = join.error instanceof ApiError ? join.error.code : null;
  return (
    <section className="card" data-testid="group-join">
      {!choosing ? (
        <button type="button" className="button primary" data-testid="group-join-open" onClick={() => setChoosing(true)}>
          {t('campaigns.group.join')} {formatFen(group.groupPrice)}
        </button>
      ) : (
        <>
          <AddressStep
            testId="group-join"
            label={t('campaigns.group.confirmJoin', { price: formatFen(group.groupPrice) })}
            pending={join.isPending}
            pendingLabel={t('campaigns.group.joining')}
            error={join.error}
            links={code === 'GROUP_FULL' || code === 'GROUP_EXPIRED' ? { [code]: { to: `/products/${group.productId}`, label: t('campaigns.group.toProduct') } } : undefined}
            onConfirm={(addressId) => join.mutate({ addressId })}
          />
        </>
      )}
    </section>
  );
}

export function GroupBuyPage() {
  const { t } = useTranslation();
  const { groupId = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const queryClient = useQueryClient();
  const group = useGroupBuy(groupId);
  const orderId = params.get('order');

  if (group.isPending) return <Loading />;
  if (group.isError) {
    const missing = group.error instanceof ApiError && group.error.status === 404;
    return (
      <div className="page" data-testid="group-page">
        <PageHeader title={t('campaigns.group.title')} back={{ to: '/', label: t('nav.home') }} />
        {missing ? <Notice kind="warning" testId="group-missing">{t('campaigns.group.notFound')}</Notice> : <ErrorBanner error={group.error} />}
      </div>
    );
  }
  const g = group.data;
  const single = g.product.price;
  return (
    <div className="page campaign-page" data-testid="group-page" data-group-id={g.id}>
      <PageHeader title={t('campaigns.group.title')} back={{ to: `/products/${g.productId}`, label: t('campaigns.group.toProduct') }} />
      <section className="card campaign-product">
        {g.product.image && <img className="campaign-image" src={g.product.image} alt="" />}
        <div>
          <Link to={`/products/${g.productId}`} data-testid="group-product">
            <strong>{g.product.title}</strong>
          </Link>
          {g.product.skuName && <p className="muted">{g.product.skuName}</p>}
          <p>
            <span className="muted">{t('campaigns.group.groupPrice')}</span>{' '}
            <span className="price big" data-testid="group-price">
              {formatFen(g.groupPrice)}
            </span>
          </p>
          {single !== null && (
            <p className="muted">
              {t('campaigns.group.singlePrice')} <s data-testid="group-single-price">{formatFen(single)}</s>
              {single > g.groupPrice && <> · {t('campaigns.group.saves', { amount: formatFen(single - g.groupPrice) })}</>}
            </p>
          )}
        </div>
      </section>
      <Progress group={g} />
      {orderId && <MySeat orderId={orderId} group={g} />}
      {!orderId && g.status === 'forming' && g.seatsLeft > 0 && (
        <Join
          group={g}
          onJoined={(order) => {
            void orderChanged(queryClient, order);
            void queryClient.invalidateQueries({ queryKey: groupBuyKey(g.id) });
            setParams({ order: order.id }, { replace: true });
          }}
        />
      )}
      {!orderId && g.status === 'forming' && g.formedAt && g.seatsLeft === 0 && (
        <Notice kind="info" testId="group-full">
          {t('campaigns.group.full')}
        </Notice>
      )}
      {g.status === 'forming' && <SharePanel title={t('campaigns.group.shareTitle')} url={groupShareUrl(g.id)} testId="group-share" />}
      <p className="fine-print" data-testid="group-rules">
        {t('campaigns.group.rules', { size: g.groupSize })}
      </p>
    </div>
  );
}
