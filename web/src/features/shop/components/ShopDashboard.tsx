import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { DisclosureBlock } from '../../../ui/Disclosure';
import { Notice } from '../../../ui/Notice';
import { PageHeader } from '../../../ui/PageHeader';
import { formatDate } from '../../../lib/format';
import { ClosureCard } from './ClosureCard';
import type { Operator } from '../api';

/** An approved shop's console overview (/shop): storefront, disclosure preview, re-verification, closure; the other sections have their own routes (ShopConsole). */
export function ShopDashboard({ operator }: { operator: Operator }) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage;
  const closed = operator.closure !== null && new Date(operator.closure.effectiveAt).getTime() <= Date.now();

  return (
    <div className="page" data-testid="shop-dashboard">
      <PageHeader title={operator.shopName} />
      <div className="status-head">
        <span className="pill ok" data-testid="operator-status-label">
          {t('shop.statusApproved')}
        </span>
        <span className="muted">{operator.kind === 'enterprise' ? t('shop.kindEnterprise') : t('shop.kindIndividual')}</span>
      </div>
      {operator.salesSuspended && !closed && (
        <Notice kind="warning" testId="shop-suspended">
          {t('shop.suspended')}
        </Notice>
      )}
      {closed && (
        <Notice kind="warning" testId="shop-closed">
          {t('shop.closedNow')}
        </Notice>
      )}
      <Link to={`/shops/${operator.id}`} className="button secondary" data-testid="shop-storefront-link">
        {t('shop.storefrontLink')} ›
      </Link>
      <section className="card">
        <h2>{t('shop.disclosurePreview')}</h2>
        <p className="fine-print">{t('shop.disclosureHint')}</p>
        <DisclosureBlock disclosure={operator.disclosure} testId="shop-disclosure" />
      </section>
      <section className="card" data-testid="shop-verification">
        <h2>{t('shop.verification')}</h2>
        <dl className="facts">
          {operator.verifiedAt && (
            <div>
              <dt>{t('shop.verifiedAt')}</dt>
              <dd>{formatDate(operator.verifiedAt, language)}</dd>
            </div>
          )}
          {operator.reverificationDueAt && (
            <div>
              <dt>{t('shop.reverificationDue')}</dt>
              <dd data-testid="shop-reverification-due">{formatDate(operator.reverificationDueAt, language)}</dd>
            </div>
          )}
        </dl>
        <p className="fine-print">{t('shop.reverificationHint')}</p>
      </section>
      <ClosureCard operator={operator} />
      <p className="switch-link">
        <Link to="/service-provider" data-testid="shop-to-service-provider">
          {t('shop.serviceProviderLink')}
        </Link>
      </p>
    </div>
  );
}
