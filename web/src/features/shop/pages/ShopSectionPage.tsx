import { useTranslation } from 'react-i18next';
import { Navigate } from 'react-router';
import { Notice } from '../../../ui/Notice';
import { PageHeader } from '../../../ui/PageHeader';
import { useNavigationState } from '../../../app/session';
import { DepositCard } from '../components/DepositCard';
import { ProductsCard } from '../components/ShopProductsCard';
import { ShopOrdersCard } from '../components/ShopOrders';
import { useShopOperator } from '../components/ShopConsole';

export type ShopSection = 'orders' | 'products' | 'deposit';

/** /shop/orders, /shop/products, /shop/deposit: one section of an approved shop's console (else back to /shop). */
export function ShopSectionPage({ section }: { section: ShopSection }) {
  const { t } = useTranslation();
  const { notice } = useNavigationState();
  const operator = useShopOperator();
  if (!operator) return <Navigate to="/shop" replace />;
  return (
    <div className="page" data-testid={`shop-${section}-page`}>
      <PageHeader title={t(`shop.console.${section}`)} back={{ to: '/shop', label: operator.shopName }} />
      {section === 'products' && (notice === 'productCreated' || notice === 'productSaved') && <Notice testId="shop-notice">{t(`shop.notices.${notice}`)}</Notice>}
      {section === 'orders' && <ShopOrdersCard operatorId={operator.id} />}
      {section === 'products' && <ProductsCard operatorId={operator.id} />}
      {section === 'deposit' && <DepositCard operatorId={operator.id} />}
    </div>
  );
}
