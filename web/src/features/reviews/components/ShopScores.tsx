import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../../app/session';
import { PREVIEW_COUNT, useShopReviews, type ShopScores as Scores } from '../api';
import { ReviewPages, useNearScreen } from './ReviewList';
import { Stars } from './Stars';

const SCORE_KEYS = ['item', 'service', 'delivery'] as const;

/**
 * A storefront's three shop scores (DSR: 描述相符 / 服务态度 / 物流服务) over the last 180
 * days, as they come with the storefront (kept per day on the server), and its newest
 * reviews once the section nears the screen.
 */
export function ShopScores({ operatorId, scores }: { operatorId: string; scores: Scores }) {
  const { t } = useTranslation();
  const me = useMe();
  const section = useRef<HTMLElement>(null);
  const near = useNearScreen(section);
  const recent = useShopReviews(operatorId, { unreplied: false, low: false, limit: PREVIEW_COUNT }, near && scores !== null);
  return (
    <section className="card shop-scores" ref={section} aria-labelledby="shop-scores-title" data-testid="shop-scores">
      <h2 id="shop-scores-title">
        {t('reviews.scores.title')} <span className="muted small-text">{t('reviews.scores.period')}</span>
      </h2>
      {scores === null ? (
        <p className="muted" data-testid="shop-scores-none">
          {t('reviews.scores.none')}
        </p>
      ) : (
        <>
          <dl className="score-list">
            {SCORE_KEYS.map((key) => (
              <div key={key} data-testid={`shop-score-${key}`} data-score={scores[key]}>
                <dt>{t(`reviews.scores.${key}`)}</dt>
                <dd>
                  <strong>{scores[key].toFixed(1)}</strong> <Stars rating={scores[key]} />
                </dd>
              </div>
            ))}
          </dl>
          <p className="fine-print" data-testid="shop-scores-count">
            {t('reviews.scores.count', { count: scores.count })}
          </p>
          <h3>{t('reviews.scores.recent')}</h3>
          {near && <ReviewPages list={recent} signedIn={Boolean(me.data)} max={PREVIEW_COUNT} />}
        </>
      )}
    </section>
  );
}
