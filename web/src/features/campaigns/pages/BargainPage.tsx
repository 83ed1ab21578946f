/**
 * /bargains/:id, where a share link (`/b/:id`) leads. R14: progress in exact yuan and
 * fen (「还差 ¥3.27」), the bar only beside those amounts; the helpers and what each
 * cut; the countdown; the published rules (R13). Others cut once (「帮TA砍一刀」); the
 * owner orders at the current price at any time before the deadline.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { bargainKey, bargainShareUrl, campaignApi, formatHms, useBargain, useTimeLeft, type Bargain } from '../api';
import { AddressStep } from '../../orders/components/AddressStep';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { Loading } from '../../../ui/Loading';
import { Notice } from '../../../ui/Notice';
import { PageHeader } from '../../../ui/PageHeader';
import { Initial, SharePanel } from '../components/SharePanel';
import { formatDateTime } from '../../../lib/format';
import { useIdempotencyKeys } from '../../../api/idempotency';
import { formatFen } from '../../../lib/money';
import { orderChanged } from '../../orders/api';
import { useMe, type NavigationState } from '../../../app/session';
import { BargainRulesList } from '../components/ProductCampaigns';
import { ApiError } from '../../../api/client';

/** R14: the exact amounts first; the bar only illustrates them. */
function Progress({ bargain }: { bargain: Bargain }) {
  const { t } = useTranslation();
  const left = useTimeLeft(bargain.expiresAt);
  const cut = bargain.price - bargain.current;
  const span = bargain.price - bargain.floor;
  return (
    <section className="card" data-testid="bargain-progress">
      <div className="status-head">
        <span className={`pill ${bargain.status === 'ordered' ? 'ok' : bargain.status === 'expired' ? 'bad' : 'wait'}`} data-testid="bargain-status" data-status={bargain.status}>
          {t(`campaigns.bargain.status.${bargain.status}`)}
        </span>
        {bargain.status === 'active' && (
          <span className="countdown" data-testid="bargain-countdown">
            {t('campaigns.bargain.countdown', { time: formatHms(left) })}
          </span>
        )}
      </div>
      <dl className="facts">
        <div>
          <dt>{t('campaigns.bargain.current')}</dt>
          <dd className="price big" data-testid="bargain-current" data-fen={bargain.current}>
            {formatFen(bargain.current)}
          </dd>
        </div>
        <div>
          <dt>{t('campaigns.bargain.original')}</dt>
          <dd data-testid="bargain-price">{formatFen(bargain.price)}</dd>
        </div>
        <div>
          <dt>{t('campaigns.bargain.floor')}</dt>
          <dd data-testid="bargain-floor">{formatFen(bargain.floor)}</dd>
        </div>
      </dl>
      <p className="remaining" data-testid="bargain-remaining" data-fen={bargain.remaining}>
        {bargain.remaining > 0 ? t('campaigns.bargain.remaining', { amount: formatFen(bargain.remaining) }) : t('campaigns.bargain.atFloor', { amount: formatFen(bargain.floor) })}
      </p>
      <progress
        className="meter"
        max={span}
        value={cut}
        aria-label={t('campaigns.bargain.progressLabel', { cut: formatFen(cut), remaining: formatFen(bargain.remaining) })}
      />
      <p className="muted">
        <span data-testid="bargain-cut-so-far">{t('campaigns.bargain.cutSoFar', { amount: formatFen(cut) })}</span> ·{' '}
        <span data-testid="bargain-helpers-count">{t('campaigns.bargain.helpersCount', { count: bargain.helpers, max: bargain.maxHelpers })}</span>
      </p>
      {bargain.status === 'expired' && (
        <Notice kind="warning" testId="bargain-expired">
          {t('campaigns.bargain.expiredNote')}
        </Notice>
      )}
    </section>
  );
}

function Helps({ bargain }: { bargain: Bargain }) {
  const { t, i18n } = useTranslation();
  return (
    <section className="card" data-testid="bargain-helps">
      <h2>{t('campaigns.bargain.helpers')}</h2>
      {bargain.helps.length === 0 ? (
        <p className="empty">{t('campaigns.bargain.noHelps')}</p>
      ) : (
        <ul className="member-list">
          {bargain.helps.map((help) => (
            <li key={help.helper.id} className="member" data-testid="bargain-helper" data-fen={help.cut}>
              <Initial name={help.helper.displayName} />
              <span className="member-name">
                {help.helper.displayName}
                <time className="fine-print" dateTime={help.at}>
                  {formatDateTime(help.at, i18n.resolvedLanguage)}
                </time>
              </span>
              <span className="price">{t('campaigns.bargain.helperCut', { amount: formatFen(help.cut) })}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Someone else's bargain: one cut, with the refusals in words (own bargain, twice, expired, phone not verified…). */
function Help({ bargain }: { bargain: Bargain }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const keys = useIdempotencyKeys();
  const help = useMutation({
    mutationFn: () => keys.send({ help: bargain.id }, (key) => campaignApi.helpBargain(bargain.id, key)),
    onSettled: () => queryClient.invalidateQueries({ queryKey: bargainKey(bargain.id) }),
  });
  const code = help.error instanceof ApiError ? help.error.code : null;
  return (
    <section className="card" data-testid="bargain-help-card">
      {help.data && (
        <Notice testId="bargain-helped">
          {t('campaigns.bargain.helped', { amount: formatFen(help.data.cut), current: formatFen(help.data.current) })}
        </Notice>
      )}
      {code === 'PHONE_NOT_VERIFIED' ? (
        <Notice kind="warning" testId="bargain-help-error">
          {t('campaigns.bargain.phoneNeeded')}{' '}
          <Link to="/me/phone" data-testid="bargain-verify-phone">
            {t('campaigns.bargain.verifyPhone')} ›
          </Link>
        </Notice>
      ) : (
        <ErrorBanner error={help.error} testId="bargain-help-error" />
      )}
      {!help.data && (
        <button type="button" className="button primary" disabled={help.isPending || code === 'ALREADY_HELPED'} data-testid="bargain-help" onClick={() => help.mutate()}>
          {help.isPending ? t('campaigns.bargain.helping') : t('campaigns.bargain.help')}
        </button>
      )}
    </section>
  );
}

/** The owner's order at the current price: choose the address, then pay on the order's page. */
function OrderAtCurrent({ bargain }: { bargain: Bargain }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const keys = useIdempotencyKeys();
  const [choosing, setChoosing] = useState(false);
  const place = useMutation({
    mutationFn: (input: { addressId: string }) => keys.send(input, (key) => campaignApi.orderBargain(bargain.id, input.addressId, key)),
    onSuccess: async ({ order }) => {
      await orderChanged(queryClient, order);
      void queryClient.invalidateQueries({ queryKey: bargainKey(bargain.id) });
      void navigate(`/orders/${order.id}`);
    },
  });
  const label = t('campaigns.bargain.order', { price: formatFen(bargain.current) });
  return (
    <section className="card" data-testid="bargain-order">
      <p className="fine-print">{t('campaigns.bargain.orderHint')}</p>
      {!choosing ? (
        <button type="button" className="button primary" data-testid="bargain-order-open" onClick={() => setChoosing(true)}>
          {label}
        </button>
      ) : (
        <>
          <AddressStep
            testId="bargain-order"
            label={label}
            pending={place.isPending}
            pendingLabel={t('campaigns.bargain.ordering')}
            error={place.error}
            onConfirm={(addressId) => place.mutate({ addressId })}
          />
        </>
      )}
    </section>
  );
}

export function BargainPage() {
  const { t } = useTranslation();
  const { bargainId = '' } = useParams();
  const location = useLocation();
  const me = useMe();
  const bargain = useBargain(bargainId);

  if (bargain.isPending || me.isPending) return <Loading />;
  if (bargain.isError) {
    const missing = bargain.error instanceof ApiError && bargain.error.status === 404;
    return (
      <div className="page" data-testid="bargain-page">
        <PageHeader title={t('campaigns.bargain.title')} back={{ to: '/', label: t('nav.home') }} />
        {missing ? <Notice kind="warning" testId="bargain-missing">{t('campaigns.bargain.notFound')}</Notice> : <ErrorBanner error={bargain.error} />}
      </div>
    );
  }
  const b = bargain.data;
  const owner = me.data?.id === b.owner.id;
  const loginState: NavigationState = { from: location.pathname, notice: 'signInRequired' };
  return (
    <div className="page campaign-page" data-testid="bargain-page" data-bargain-id={b.id}>
      <PageHeader title={t('campaigns.bargain.title')} back={{ to: `/products/${b.productId}`, label: t('campaigns.group.toProduct') }} />
      <section className="card campaign-product">
        {b.image && <img className="campaign-image" src={b.image} alt="" />}
        <div>
          <Link to={`/products/${b.productId}`} data-testid="bargain-product">
            <strong>{b.title}</strong>
          </Link>
          <p className="muted">{b.skuName}</p>
          <p data-testid="bargain-owner">{t('campaigns.bargain.by', { name: b.owner.displayName })}</p>
        </div>
      </section>
      <Progress bargain={b} />
      {b.status === 'active' && owner && <OrderAtCurrent bargain={b} />}
      {b.status === 'active' && !owner && me.data && <Help bargain={b} />}
      {b.status === 'active' && !me.data && (
        <Link to="/login" state={loginState} className="button primary" data-testid="bargain-login">
          {t('campaigns.bargain.loginToHelp')}
        </Link>
      )}
      {b.status === 'ordered' && owner && b.orderId && (
        <Notice testId="bargain-ordered">
          {t('campaigns.bargain.ordered', { price: formatFen(b.current) })}{' '}
          <Link to={`/orders/${b.orderId}`} data-testid="bargain-view-order">
            {t('campaigns.bargain.viewOrder')} ›
          </Link>
        </Notice>
      )}
      <Helps bargain={b} />
      {b.status === 'active' && (
        <>
          {owner && <p className="fine-print">{t('campaigns.bargain.ownerHint')}</p>}
          <SharePanel title={t('campaigns.bargain.shareTitle')} url={bargainShareUrl(b.id)} testId="bargain-share" />
        </>
      )}
      <section className="card" data-testid="bargain-rules">
        <h2>{t('campaigns.bargain.rulesTitle')}</h2>
        <BargainRulesList rules={b.rules} testId="bargain-rules-list" />
      </section>
    </div>
  );
}
