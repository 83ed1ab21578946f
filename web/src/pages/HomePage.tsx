import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMe } from '../session';

/** The feed will live here; until then, a welcome and an honest "coming soon". */
export function HomePage() {
  const { t } = useTranslation();
  const me = useMe();
  const features = [t('home.featureNotes'), t('home.featureGroupBuy'), t('home.featureBargain'), t('home.featureOrders')];
  return (
    <div className="page" data-testid="home-page">
      <title>{`${t('home.title')} · ${t('app.name')}`}</title>
      <section className="hero">
        <h1>{me.data ? t('home.accountTitle', { name: me.data.displayName }) : t('home.welcome')}</h1>
        <p className="tagline">{t('app.tagline')}</p>
        <p>{me.data ? t('home.accountBody') : t('home.intro')}</p>
        {me.data ? (
          <Link to="/me" className="button primary" data-testid="home-go-me">
            {t('home.goMe')}
          </Link>
        ) : (
          <div className="actions">
            <Link to="/register" className="button primary" data-testid="home-register">
              {t('home.registerCta')}
            </Link>
            <Link to="/login" className="button secondary" data-testid="home-login">
              {t('home.loginCta')}
            </Link>
          </div>
        )}
      </section>
      <section className="card" data-testid="coming-soon">
        <h2>{t('home.comingSoonTitle')}</h2>
        <p className="muted">{t('home.comingSoonBody')}</p>
        <ul className="feature-list">
          {features.map((feature) => (
            <li key={feature}>
              <span>{feature}</span>
              <span className="tag">{t('common.comingSoon')}</span>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
