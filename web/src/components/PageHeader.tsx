import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

/** A sub-page's heading with the way back to "Me". */
export function PageHeader({ title, intro }: { title: string; intro?: string }) {
  const { t } = useTranslation();
  return (
    <>
      <title>{`${title} · ${t('app.name')}`}</title>
      <Link to="/me" className="back-link" data-testid="back-to-me">
        ‹ {t('common.backToMe')}
      </Link>
      <h1>{title}</h1>
      {intro && <p className="muted">{intro}</p>}
    </>
  );
}
