import { useTranslation } from 'react-i18next';
import { Notice } from '../../../ui/Notice';
import { PageHeader } from '../../../ui/PageHeader';
import type { Me } from '../../../app/session';

/** Only admins arbitrate (or decide review appeals: `title`); anyone else gets a plain refusal rather than the API's 403s. */
export function AdminOnly({ me, testId, title, children }: { me: Me; testId: string; title?: string; children: React.ReactNode }) {
  const { t } = useTranslation();
  if (me.roles.includes('admin')) return children;
  return (
    <div className="page" data-testid={testId}>
      <PageHeader title={title ?? t('disputes.admin.title')} />
      <Notice kind="warning" testId="admin-forbidden">
        {t('admin.notAdmin')}
      </Notice>
    </div>
  );
}
