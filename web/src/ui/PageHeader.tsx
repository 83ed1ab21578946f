import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

/** A sub-page's heading with the way back (to "Me" unless told otherwise). */
export function PageHeader({ title, intro, back }: { title: string; intro?: string; back?: { to: string; label: string } }) {
  const { t } = useTranslation();
  return (
    <>
      <title>{`${title} · ${t('app.name')}`}</title>
      <Link to={back?.to ?? '/me'} className="back-link" data-testid={back ? 'back-link' : 'back-to-me'}>
        ‹ {back?.label ?? t('common.backToMe')}
      </Link>
      <h1>{title}</h1>
      {intro && <p className="muted">{intro}</p>}
    </>
  );
}
