import { useTranslation } from 'react-i18next';
import { Navigate } from 'react-router';
import { PageHeader } from '../../../ui/PageHeader';
import { ReturnAddresses } from '../components/ReturnAddresses';
import { useShopOperator } from '../components/ShopConsole';

/** /shop/settings: the approved shop's settings; for now its return addresses (else back to /shop). */
export function ShopSettingsPage() {
  const { t } = useTranslation();
  const operator = useShopOperator();
  if (!operator) return <Navigate to="/shop" replace />;
  return (
    <div className="page" data-testid="shop-settings-page">
      <PageHeader title={t('shop.settings.title')} back={{ to: '/shop', label: operator.shopName }} />
      <ReturnAddresses operatorId={operator.id} />
    </div>
  );
}
