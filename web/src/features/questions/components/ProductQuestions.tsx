import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMe } from '../../../app/session';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { Loading } from '../../../ui/Loading';
import { useNearScreen } from '../../reviews/components/ReviewList';
import { PREVIEW_COUNT, useProductQuestions } from '../api';
import { QuestionCard } from './QuestionCard';

/**
 * The product page's 问大家: the count, the first questions with their top answers, and
 * 查看全部. Read once the section nears the screen (below the fold, like the reviews).
 */
export function ProductQuestions({ productId }: { productId: string }) {
  const { t } = useTranslation();
  const me = useMe();
  const section = useRef<HTMLElement>(null);
  const near = useNearScreen(section);
  const list = useProductQuestions(productId, { sort: 'useful', limit: PREVIEW_COUNT }, near);
  const page = list.data?.pages[0];
  const all = `/products/${productId}/questions`;
  return (
    <section className="card product-questions" ref={section} aria-labelledby="product-questions-title" data-testid="product-questions">
      <h2 id="product-questions-title">
        {t('questions.title')}{' '}
        {page && page.total > 0 && (
          <span className="muted" data-testid="questions-total">
            ({t('questions.count', { count: page.total })})
          </span>
        )}
      </h2>
      {/* Nothing until the section nears the screen, as the reviews do: a spinner for a read
          not yet asked for would say "loading" to a screen reader forever. */}
      {!near ? null : list.isPending ? (
        <Loading />
      ) : !page ? (
        <ErrorBanner error={list.error} testId="questions-error" />
      ) : page.items.length === 0 ? (
        <p className="empty" data-testid="questions-empty">
          {t('questions.none')}
        </p>
      ) : (
        page.items.map((q) => <QuestionCard key={q.id} question={q} signedIn={Boolean(me.data)} link={`${all}?q=${q.id}`} />)
      )}
      <Link to={all} className="button secondary" data-testid="questions-see-all">
        {page && page.total === 0 ? t('questions.ask.submit') : t('questions.seeAll')} ›
      </Link>
    </section>
  );
}
