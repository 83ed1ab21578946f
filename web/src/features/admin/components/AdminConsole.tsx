import { useTranslation } from 'react-i18next';
import { Navigate, Outlet, useLocation } from 'react-router';
import { ConsoleShell } from '../../../ui/ConsoleShell';
import type { Me } from '../../../app/session';

/**
 * /admin/*: the admin console's sections beside one another. Someone without the role
 * gets the section alone, which tells them it is for admins (no navigation to places
 * they cannot enter).
 */
export function AdminConsole({ me }: { me: Me }) {
  const { t } = useTranslation();
  if (!me.roles.includes('admin')) return <Outlet />;
  return (
    <ConsoleShell
      title={t('admin.title')}
      label={t('admin.console.nav')}
      sections={[
        { to: '/admin/review', label: t('admin.console.review'), testId: 'console-review' },
        { to: '/admin/disputes', label: t('admin.console.disputes'), testId: 'console-disputes' },
        { to: '/admin/review-appeals', label: t('reviews.admin.nav'), testId: 'console-review-appeals' },
        { to: '/admin/chat-reports', label: t('chatReports.nav'), testId: 'console-chat-reports' },
        { to: '/admin/reports', label: t('admin.console.reports'), testId: 'console-reports' },
        { to: '/admin/audit-log', label: t('admin.console.auditLog'), testId: 'console-audit-log' },
      ]}
    />
  );
}

/** /regulator: the regulator's one section, in the same frame as the admin console. */
export function RegulatorConsole({ me }: { me: Me }) {
  const { t } = useTranslation();
  if (!me.roles.includes('regulator')) return <Outlet />;
  return <ConsoleShell title={t('admin.console.regulator')} label={t('admin.console.regulator')} sections={[{ to: '/regulator', label: t('admin.console.regulator'), testId: 'console-regulator', end: true }]} />;
}

/** /admin, the console's old address (review queues by ?tab and ?status), now /admin/review with the same query. */
export function ToReview() {
  const { search } = useLocation();
  return <Navigate to={{ pathname: '/admin/review', search }} replace />;
}
