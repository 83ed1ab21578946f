import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useProductList } from '../catalog';
import { ErrorBanner } from '../components/ErrorBanner';
import { Loading } from '../components/Loading';
import { ProductGrid } from '../components/ProductGrid';
import { useMe } from '../session';

/** The newest products with a search box (?q=, Chinese or English), a welcome for visitors, and what is still to come. */
export function HomePage() {
  const { t } = useTranslation();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const q = (params.get('q') ?? '').trim();
  const products = useProductList({ ...(q ? { q } : {}), limit: 20 });
  const items = products.data?.pages.flatMap((page) => page.items) ?? [];
  const features = [t('home.featureNotes'), t('home.featureGroupBuy'), t('home.featureBargain'), t('home.featureOrders')];

  return (
    <div className="page" data-testid="home-page">
      <title>{`${t('home.title')} · ${t('app.name')}`}</title>
      <form
        className="search"
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          const value = String(new FormData(event.currentTarget).get('q') ?? '').trim();
          setParams(value ? { q: value } : {});
        }}
      >
        <label htmlFor="home-search" className="visually-hidden">
          {t('home.searchLabel')}
        </label>
        <input id="home-search" key={q} type="search" name="q" defaultValue={q} maxLength={100} placeholder={t('home.searchPlaceholder')} enterKeyHint="search" data-testid="search-input" />
        <button type="submit" className="button primary" data-testid="search-submit">
          {t('home.search')}
        </button>
      </form>
      {!q && (
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
      )}
      <section className="section" data-testid="home-products">
        <div className="section-head">
          <h2>{q ? t('home.results', { q }) : t('home.latest')}</h2>
          {q && (
            <button type="button" className="link-button" data-testid="search-clear" onClick={() => setParams({})}>
              {t('home.clearSearch')}
            </button>
          )}
        </div>
        {products.isPending ? (
          <Loading />
        ) : products.isError ? (
          <ErrorBanner error={products.error} />
        ) : items.length === 0 ? (
          <p className="empty" data-testid="products-empty">
            {q ? t('home.noResults', { q }) : t('home.noProducts')}
          </p>
        ) : (
          <ProductGrid products={items} />
        )}
        {products.hasNextPage && (
          <button type="button" className="button secondary" data-testid="load-more" disabled={products.isFetchingNextPage} onClick={() => void products.fetchNextPage()}>
            {t('common.loadMore')}
          </button>
        )}
      </section>
      {!q && (
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
      )}
      <p className="switch-link">
        <Link to="/deposit-rule" data-testid="home-deposit-rule">
          {t('home.depositRule')}
        </Link>
      </p>
    </div>
  );
}
