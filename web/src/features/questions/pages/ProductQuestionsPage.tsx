import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { useMe } from '../../../app/session';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { Loading } from '../../../ui/Loading';
import { PageHeader } from '../../../ui/PageHeader';
import { catalogApi } from '../../catalog/api';
import { QUESTION_SORTS, useProductQuestions, useQuestion, type QuestionSort } from '../api';
import { AskForm } from '../components/AskForm';
import { QuestionCard } from '../components/QuestionCard';

/**
 * /products/:id/questions: ask, and every question with its answers, 最新 / 最有用 (kept
 * in the address). `?q=<id>` — where an invitation links — opens that question first,
 * with all its answers and the answer form when the server allows it.
 */
export function ProductQuestionsPage() {
  const { t } = useTranslation();
  const { productId = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const me = useMe();
  const signedIn = Boolean(me.data);
  const sort: QuestionSort = QUESTION_SORTS.find((option) => option === params.get('sort')) ?? 'newest';
  const focus = params.get('q') ?? undefined;
  const product = useQuery({ queryKey: ['product', productId], queryFn: () => catalogApi.product(productId) });
  const focused = useQuestion(focus);
  const list = useProductQuestions(productId, { sort });
  useEffect(() => {
    if (focused.data) document.getElementById(`question-${focused.data.id}`)?.scrollIntoView({ block: 'start' });
  }, [focused.data]);
  const items = (list.data?.pages ?? []).flatMap((page) => page.items).filter((q) => q.id !== focus);
  const total = list.data?.pages[0]?.total;
  return (
    <div className="page" data-testid="product-questions-page">
      <PageHeader title={t('questions.title')} back={{ to: `/products/${productId}`, label: product.data?.title ?? t('campaigns.group.toProduct') }} />
      {signedIn ? (
        <AskForm productId={productId} />
      ) : (
        <Link to="/login" className="button secondary" data-testid="ask-login">
          {t('questions.ask.signIn')}
        </Link>
      )}
      {focus && (focused.isPending ? <Loading /> : focused.data ? <QuestionCard question={focused.data} signedIn={signedIn} open /> : <ErrorBanner error={focused.error} testId="question-error" />)}
      <div className="chips" role="group" aria-label={t('questions.sorts')} data-testid="question-sorts">
        {QUESTION_SORTS.map((option) => (
          <button
            key={option}
            type="button"
            className="chip"
            aria-pressed={sort === option}
            data-testid={`question-sort-${option}`}
            onClick={() => setParams({ ...(focus ? { q: focus } : {}), ...(option !== 'newest' ? { sort: option } : {}) }, { replace: true })}
          >
            {t(`questions.sort.${option}`)}
          </button>
        ))}
        {total !== undefined && <span className="muted">{t('questions.count', { count: total })}</span>}
      </div>
      {list.isPending ? (
        <Loading />
      ) : !list.data ? (
        <ErrorBanner error={list.error} testId="questions-error" />
      ) : items.length === 0 && !focus ? (
        <p className="empty" data-testid="questions-empty">
          {t('questions.none')}
        </p>
      ) : (
        items.map((q) => <QuestionCard key={q.id} question={q} signedIn={signedIn} />)
      )}
      {list.hasNextPage && (
        <button type="button" className="button secondary" disabled={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()} data-testid="questions-more">
          {t('questions.loadMore')}
        </button>
      )}
    </div>
  );
}
