import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Outlet, useOutletContext } from 'react-router';
import { ConsoleShell } from '../../../ui/ConsoleShell';
import { Loading } from '../../../ui/Loading';
import { currentRegistration, REGISTRATIONS_KEY } from '../registration';
import { shopApi, type Operator } from '../api';

/**
 * /shop/*: an approved shop's console, its sections beside one another. Before approval
 * (or while the registrations load or fail) the section alone shows: /shop itself is the
 * application form or its status, the others send the reader there (ShopSectionPage).
 */
export function ShopConsole() {
  const { t } = useTranslation();
  const registrations = useQuery({ queryKey: REGISTRATIONS_KEY, queryFn: shopApi.registrations });
  if (registrations.isPending) return <Loading />;
  const current = registrations.data && currentRegistration(registrations.data.operators);
  if (current?.status !== 'approved') return <Outlet context={undefined} />;
  return (
    <ConsoleShell
      title={current.shopName}
      label={t('shop.console.nav')}
      context={current}
      sections={[
        { to: '/shop', label: t('shop.console.overview'), testId: 'console-overview', end: true },
        { to: '/shop/orders', label: t('shop.console.orders'), testId: 'console-orders' },
        { to: '/shop/products', label: t('shop.console.products'), testId: 'console-products' },
        { to: '/shop/deposit', label: t('shop.console.deposit'), testId: 'console-deposit' },
        { to: '/shop/after-sales', label: t('shop.console.afterSales'), testId: 'console-after-sales' },
        { to: '/shop/disputes', label: t('shop.console.disputes'), testId: 'console-disputes' },
        { to: '/shop/reviews', label: t('reviews.shop.nav'), testId: 'console-reviews' },
        { to: '/shop/settings', label: t('shop.console.settings'), testId: 'console-settings' },
      ]}
    />
  );
}

/** The approved shop a console section is about; undefined outside an approved shop's console. */
export function useShopOperator(): Operator | undefined {
  return useOutletContext<Operator | undefined>();
}
