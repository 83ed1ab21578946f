import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Outlet, useOutletContext } from 'react-router';
import { ConsoleShell, type ConsoleSection } from '../../../ui/ConsoleShell';
import { Loading } from '../../../ui/Loading';
import { currentRegistration, REGISTRATIONS_KEY } from '../registration';
import { shopApi, type Operator } from '../api';
import { SERVED_SHOPS_KEY, staffApi } from '../staff';
import { ServedShopContext } from './ServedShop';

/**
 * /shop/*: an approved shop's console, its sections beside one another. Before approval
 * (or while the registrations load or fail) the section alone shows: /shop itself is the
 * application form or its status, the others send the reader there (ShopSectionPage).
 * Someone who serves a shop as staff (issue 18) and owns none gets the console of that
 * shop with its conversations and quick replies only.
 */
export function ShopConsole() {
  const { t } = useTranslation();
  const registrations = useQuery({ queryKey: REGISTRATIONS_KEY, queryFn: shopApi.registrations });
  const served = useQuery({ queryKey: SERVED_SHOPS_KEY, queryFn: staffApi.servedShops });
  if (registrations.isPending || served.isPending) return <Loading />;
  const current = registrations.data && currentRegistration(registrations.data.operators);
  const chat: ConsoleSection[] = [
    { to: '/shop/inbox', label: t('shop.console.inbox'), testId: 'console-inbox' },
    { to: '/shop/quick-replies', label: t('shop.console.quickReplies'), testId: 'console-quick-replies' },
  ];
  if (current?.status === 'approved') {
    return (
      <ServedShopContext.Provider value={{ operatorId: current.id, shopName: current.shopName, role: 'owner' }}>
        <ConsoleShell
          title={current.shopName}
          label={t('shop.console.nav')}
          context={current}
          sections={[
            { to: '/shop', label: t('shop.console.overview'), testId: 'console-overview', end: true },
            { to: '/shop/orders', label: t('shop.console.orders'), testId: 'console-orders' },
            ...chat,
            { to: '/shop/products', label: t('shop.console.products'), testId: 'console-products' },
            { to: '/shop/deposit', label: t('shop.console.deposit'), testId: 'console-deposit' },
            { to: '/shop/after-sales', label: t('shop.console.afterSales'), testId: 'console-after-sales' },
            { to: '/shop/disputes', label: t('shop.console.disputes'), testId: 'console-disputes' },
            { to: '/shop/reviews', label: t('reviews.shop.nav'), testId: 'console-reviews' },
            { to: '/shop/staff', label: t('shop.console.staff'), testId: 'console-staff' },
            { to: '/shop/settings', label: t('shop.console.settings'), testId: 'console-settings' },
          ]}
        />
      </ServedShopContext.Provider>
    );
  }
  const staffOf = served.data?.items.find((shop) => shop.role === 'staff' && shop.status === 'approved');
  if (!staffOf) return <Outlet context={undefined} />;
  return (
    <ServedShopContext.Provider value={{ operatorId: staffOf.operatorId, shopName: staffOf.shopName, role: 'staff' }}>
      <ConsoleShell title={staffOf.shopName} label={t('shop.console.nav')} context={undefined} sections={chat} />
    </ServedShopContext.Provider>
  );
}

/** The approved shop a console section is about; undefined outside an approved shop's console. */
export function useShopOperator(): Operator | undefined {
  return useOutletContext<Operator | undefined>();
}
