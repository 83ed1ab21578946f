import { useTranslation } from 'react-i18next';
import type { ShopScores as Scores } from '../api';
import { Stars } from './Stars';

const SCORE_KEYS = ['item', 'service', 'delivery'] as const;

/**
 * A storefront's three shop scores (DSR: 描述相符 / 服务态度 / 物流服务) over the last 180
 * days, as they come with the storefront (kept per day on the server, so no request of its own).
 */
export function ShopScores({ scores }: { scores: Scores }) {
  const { t } = useTranslation();
  return (
    <section className="card shop-scores" aria-labelledby="shop-scores-title" data-testid="shop-scores">
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
        </>
      )}
    </section>
  );
}
