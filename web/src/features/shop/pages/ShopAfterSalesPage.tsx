import { useTranslation } from 'react-i18next';
import { Navigate } from 'react-router';
import { PageHeader } from '../../../ui/PageHeader';
import { AfterSalesInbox } from '../components/AfterSalesInbox';
import { useShopOperator } from '../components/ShopConsole';

/** /shop/after-sales: the approved shop's 售后 inbox (else back to /shop). */
export function ShopAfterSalesPage() {
  const { t } = useTranslation();
  const operator = useShopOperator();
  if (!operator) return <Navigate to="/shop" replace />;
  return (
    <div className="page" data-testid="shop-after-sales-page">
      <PageHeader title={t('shop.afterSales.title')} intro={t('shop.afterSales.intro')} back={{ to: '/shop', label: operator.shopName }} />
      <AfterSalesInbox operatorId={operator.id} />
    </div>
  );
}
