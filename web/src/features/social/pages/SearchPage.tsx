import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useProductList } from '../../catalog/api';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { Loading } from '../../../ui/Loading';
import { MoreOnScroll, NoteMasonry } from '../components/NoteCard';
import { ProductGrid } from '../../catalog/components/ProductGrid';
import { useNoteSearch, useProductSearch, type SearchType } from '../api';

function NoteResults({ q }: { q: string }) {
  const { t } = useTranslation();
  const results = useNoteSearch(q, q.length > 0);
  const notes = results.data?.pages.flatMap((page) => page.items) ?? [];
  if (!q) return <p className="empty" data-testid="search-hint">{t('social.search.typeSomething')}</p>;
  if (results.isPending) return <Loading />;
  if (results.isError) return <ErrorBanner error={results.error} testId="search-error" />;
  if (notes.length === 0) return <p className="empty" data-testid="notes-empty">{t('social.search.noNotes', { q })}</p>;
  return (
    <>
      <NoteMasonry notes={notes} testId="search-notes" />
      <MoreOnScroll paged={results} />
    </>
  );
}

/** Products: the search's best matches, or the newest on sale while nothing is typed. */
function ProductResults({ q }: { q: string }) {
  const { t } = useTranslation();
  const found = useProductSearch(q, q.length > 0);
  const latest = useProductList({ limit: 20 }, q.length === 0);
  const list = q ? found : latest;
  const products = list.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section className="section" data-testid="search-products">
      <h2>{q ? t('social.search.results', { q }) : t('social.search.latestProducts')}</h2>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorBanner error={list.error} testId="search-error" />
      ) : products.length === 0 ? (
        <p className="empty" data-testid="products-empty">
          {q ? t('social.search.noProducts', { q }) : t('home.noProducts')}
        </p>
      ) : (
        <ProductGrid products={products} />
      )}
      <MoreOnScroll paged={list} />
    </section>
  );
}

/** /search?q=&type=notes|products: one box, two tabs (笔记 / 商品), Chinese or English. */
export function SearchPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const q = (params.get('q') ?? '').trim();
  const type: SearchType = params.get('type') === 'products' ? 'products' : 'notes';
  const go = (next: { q?: string; type?: SearchType }) => {
    const value = next.q ?? q;
    setParams({ ...(value ? { q: value } : {}), type: next.type ?? type }, { replace: next.q === undefined });
  };

  return (
    <div className="page" data-testid="search-page">
      <title>{`${t('social.search.title')} · ${t('app.name')}`}</title>
      {/* The search box is the heading's place on screen; the page still has its one <h1> for screen readers. */}
      <h1 className="visually-hidden">{t('social.search.title')}</h1>
      <form
        className="search"
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          go({ q: String(new FormData(event.currentTarget).get('q') ?? '').trim() });
        }}
      >
        <label htmlFor="search-q" className="visually-hidden">
          {t('social.search.label')}
        </label>
        <input id="search-q" key={q} type="search" name="q" defaultValue={q} maxLength={100} placeholder={t('social.search.placeholder')} enterKeyHint="search" data-testid="search-input" />
        <button type="submit" className="button primary" data-testid="search-submit">
          {t('social.search.submit')}
        </button>
      </form>
      <div className="feed-tabs" role="tablist">
        {(['notes', 'products'] as const).map((name) => (
          <button key={name} type="button" role="tab" aria-selected={type === name} className="feed-tab" data-testid={`search-tab-${name}`} onClick={() => go({ type: name })}>
            {t(`social.search.${name}`)}
          </button>
        ))}
      </div>
      {type === 'notes' ? <NoteResults q={q} /> : <ProductResults q={q} />}
    </div>
  );
}
