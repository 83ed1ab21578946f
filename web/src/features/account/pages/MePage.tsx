import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useCart } from '../../orders/cart';
import { Badge } from '../../../ui/Badge';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { Notice } from '../../../ui/Notice';
import { formatFen } from '../../../lib/money';
import { ME_QUERY_KEY, useNavigationState, type NavigationState, type Me } from '../../../app/session';
import { useWallet } from '../../wallet/api';
import { ApiError } from '../../../api/client';
import { accountApi } from '../api';

const KNOWN_ROLES = new Set(['admin', 'regulator']);

/**
 * One row of the "account and security" list: a link while there is something to do.
 * A step that can be redone (changing the PIN) stays a link and says so.
 */
function FlowRow({ to, label, done, doneCanRevisit, testId }: { to: string; label: string; done: boolean; doneCanRevisit?: boolean; testId: string }) {
  const { t } = useTranslation();
  const [statusClass, statusText] = !done ? ['todo', t('common.todo')] : doneCanRevisit ? ['change', t('common.change')] : ['ok', t('common.verified')];
  const status = <span className={`flow-status ${statusClass}`}>{statusText}</span>;
  if (done && !doneCanRevisit) {
    return (
      <li className="flow-row" data-testid={testId} data-done="true">
        <span>{label}</span>
        {status}
      </li>
    );
  }
  return (
    <li>
      <Link to={to} className="flow-row link" data-testid={testId} data-done={done}>
        <span>{label}</span>
        <span className="flow-end">
          {status}
          <span className="chevron" aria-hidden="true">
            ›
          </span>
        </span>
      </Link>
    </li>
  );
}

/** A plain row that leads somewhere. */
function LinkRow({ to, label, testId }: { to: string; label: string; testId: string }) {
  return (
    <li>
      <Link to={to} className="flow-row link" data-testid={testId}>
        <span>{label}</span>
        <span className="chevron" aria-hidden="true">
          ›
        </span>
      </Link>
    </li>
  );
}

/** The wallet row: where it leads, with the balance once known. */
function WalletRow() {
  const { t } = useTranslation();
  const wallet = useWallet();
  return (
    <li>
      <Link to="/wallet" className="flow-row link" data-testid="link-wallet">
        <span>{t('me.flowWallet')}</span>
        <span className="flow-end">
          {wallet.data && (
            <span className="flow-status change" data-testid="me-wallet-balance">
              {formatFen(wallet.data.balance)}
            </span>
          )}
          <span className="chevron" aria-hidden="true">
            ›
          </span>
        </span>
      </Link>
    </li>
  );
}

/** The buyer's orders and cart. */
function OrdersRows() {
  const { t } = useTranslation();
  const lines = useCart();
  return (
    <>
      <li>
        <Link to="/orders" className="flow-row link" data-testid="link-orders">
          <span>{t('orders.link')}</span>
          <span className="chevron" aria-hidden="true">
            ›
          </span>
        </Link>
      </li>
      <li>
        <Link to="/cart" className="flow-row link" data-testid="link-cart">
          <span>{t('cart.link', { count: lines.length })}</span>
          <span className="chevron" aria-hidden="true">
            ›
          </span>
        </Link>
      </li>
    </>
  );
}

export function MePage({ me }: { me: Me }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { notice } = useNavigationState();
  const logout = useMutation({
    mutationFn: async () => {
      try {
        await accountApi.logout();
      } catch (error) {
        // Already logged out on the server: the goal is reached.
        if (!(error instanceof ApiError && error.status === 401)) throw error;
      }
    },
    onSuccess: () => {
      const state: NavigationState = { notice: 'loggedOut' };
      void navigate('/login', { replace: true, state });
      queryClient.setQueryData(ME_QUERY_KEY, null);
      // Nothing of this account may show to whoever uses the browser next.
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== ME_QUERY_KEY[0] });
    },
  });

  const noticeKey = notice === 'phoneVerified' || notice === 'identityVerified' || notice === 'pinSet' || notice === 'totpEnabled' ? notice : null;
  const roles = me.roles.length === 0 ? [t('roles.member')] : me.roles.map((role) => (KNOWN_ROLES.has(role) ? t(`roles.${role as 'admin' | 'regulator'}`) : role));

  return (
    <div className="page" data-testid="me-page">
      <title>{`${t('me.title')} · ${t('app.name')}`}</title>
      {noticeKey && <Notice testId="me-notice">{t(`me.notices.${noticeKey}`)}</Notice>}
      <section className="card profile">
        <div className="avatar" aria-hidden="true">
          {Array.from(me.displayName)[0]}
        </div>
        <div className="profile-text">
          <h1 data-testid="me-display-name">{me.displayName}</h1>
          <p className="muted">
            {t('me.phone')} <span data-testid="me-phone">{me.phoneMasked}</span>
          </p>
          <p className="muted">
            {t('me.roles')} <span data-testid="me-roles">{new Intl.ListFormat(i18n.resolvedLanguage, { type: 'conjunction' }).format(roles)}</span>
          </p>
        </div>
      </section>
      <div className="badges" data-testid="me-badges">
        <Badge ok={me.phoneVerified} label={me.phoneVerified ? t('badges.phoneVerified') : t('badges.phoneUnverified')} testId="badge-phone" />
        <Badge
          ok={me.identityVerified}
          label={me.identityVerified ? t('badges.identityVerified') : t('badges.identityUnverified')}
          testId="badge-identity"
        />
        <Badge ok={me.paymentPinSet} label={me.paymentPinSet ? t('badges.pinSet') : t('badges.pinUnset')} testId="badge-pin" />
        <Badge ok={me.totpEnabled} label={me.totpEnabled ? t('badges.totpEnabled') : t('badges.totpDisabled')} testId="badge-totp" />
      </div>
      <section className="card">
        <h2>{t('me.wallet')}</h2>
        <ul className="flow-list">
          <WalletRow />
          <OrdersRows />
          <LinkRow to="/me/after-sales" label={t('afterSales.link')} testId="link-after-sales" />
          <LinkRow to="/me/disputes" label={t('disputes.link')} testId="link-disputes" />
        </ul>
      </section>
      <section className="card">
        <h2>{t('me.security')}</h2>
        <ul className="flow-list">
          {/* Sign-up proves the phone: only an older account still has this step to take. */}
          {!me.phoneVerified && <FlowRow to="/me/phone" label={t('me.flowPhone')} done={false} testId="link-phone" />}
          <FlowRow to="/me/identity" label={t('me.flowIdentity')} done={me.identityVerified} testId="link-identity" />
          <FlowRow
            to="/me/payment-pin"
            label={t('me.flowPin')}
            done={me.paymentPinSet}
            doneCanRevisit
            testId="link-pin"
          />
          <FlowRow to="/me/totp" label={t('me.flowTotp')} done={me.totpEnabled} testId="link-totp" />
          <LinkRow to="/me/passkeys" label={t('me.flowPasskeys')} testId="link-passkeys" />
        </ul>
      </section>
      <section className="card">
        <h2>{t('me.business')}</h2>
        <ul className="flow-list">
          <LinkRow to="/shop" label={t('me.flowShop')} testId="link-shop" />
          <LinkRow to="/service-provider" label={t('me.flowServiceProvider')} testId="link-service-provider" />
          {me.roles.includes('admin') && <LinkRow to="/admin/review" label={t('me.flowAdmin')} testId="link-admin" />}
          {me.roles.includes('admin') && <LinkRow to="/admin/disputes" label={t('disputes.admin.link')} testId="link-admin-disputes" />}
          {me.roles.includes('admin') && <LinkRow to="/admin/reports" label={t('oversight.nav.reports')} testId="link-reports" />}
          {me.roles.includes('admin') && <LinkRow to="/admin/audit-log" label={t('oversight.nav.auditLog')} testId="link-audit-log" />}
          {me.roles.includes('regulator') && <LinkRow to="/regulator" label={t('oversight.nav.regulator')} testId="link-regulator" />}
          <LinkRow to="/deposit-rule" label={t('me.flowDepositRule')} testId="link-deposit-rule" />
          <LinkRow to="/dispute-rules" label={t('disputes.rulesLink')} testId="link-dispute-rules" />
          <LinkRow to={`/users/${me.id}`} label={t('me.flowProfile')} testId="link-profile" />
          <LinkRow to="/me/privacy" label={t('me.flowPrivacy')} testId="link-privacy" />
        </ul>
      </section>
      <ErrorBanner error={logout.error} />
      <button type="button" className="button danger-outline" data-testid="logout" disabled={logout.isPending} onClick={() => logout.mutate()}>
        {logout.isPending ? t('me.loggingOut') : t('me.logout')}
      </button>
    </div>
  );
}
