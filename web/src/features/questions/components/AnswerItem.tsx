import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../../lib/format';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { questionsApi, QUESTIONS_KEY, type Answer } from '../api';
import { ReportButton } from './ReportButton';

/** 有用 on an answer: once per reader, and may be taken back (POST / DELETE, both idempotent). */
function UsefulButton({ answer, signedIn }: { answer: Answer; signedIn: boolean }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [state, setState] = useState({ on: answer.usefulByMe, count: answer.usefulCount });
  const toggle = useMutation({
    mutationFn: (on: boolean) => (on ? questionsApi.useful(answer.id) : questionsApi.notUseful(answer.id)),
    onSuccess: async (result) => {
      setState({ on: result.usefulByMe, count: result.usefulCount });
      await queryClient.invalidateQueries({ queryKey: [QUESTIONS_KEY], refetchType: 'none' });
    },
  });
  return (
    <>
      <button
        type="button"
        className="button secondary small"
        aria-pressed={state.on}
        disabled={!signedIn || toggle.isPending}
        title={signedIn ? undefined : t('questions.usefulSignIn')}
        data-testid="answer-useful"
        onClick={() => toggle.mutate(!state.on)}
      >
        {state.count > 0 ? t('questions.usefulCount', { count: state.count }) : t('questions.useful')}
      </button>
      <ErrorBanner error={toggle.error} testId="answer-useful-error" />
    </>
  );
}

/**
 * One answer: who (the shop's name marked 店铺回答, or a buyer marked 已购买 with the SKU
 * bought, R11), the text, 有用 and 举报.
 */
export function AnswerItem({ answer, signedIn }: { answer: Answer; signedIn: boolean }) {
  const { t, i18n } = useTranslation();
  return (
    <li className="answer" data-testid="answer" data-answer-id={answer.id}>
      <div className="answer-head">
        <span className="answer-author">{answer.author.name}</span>
        {answer.byShop ? (
          <span className="badge" data-testid="answer-shop">
            {t('questions.badge.shop')}
          </span>
        ) : (
          answer.verifiedPurchase && (
            <span className="badge" data-testid="answer-verified">
              {t('questions.badge.buyer')}
            </span>
          )
        )}
        {answer.sku && (
          <span className="muted" data-testid="answer-sku">
            {t('questions.badge.sku', { sku: answer.sku })}
          </span>
        )}
        <time className="muted" dateTime={answer.createdAt}>
          {formatDate(answer.createdAt, i18n.resolvedLanguage)}
        </time>
      </div>
      <p className="answer-text" data-testid="answer-text">
        {answer.text}
      </p>
      <div className="answer-actions">
        <UsefulButton answer={answer} signedIn={signedIn} />
        {signedIn && <ReportButton target={{ answer: answer.id }} />}
      </div>
    </li>
  );
}
