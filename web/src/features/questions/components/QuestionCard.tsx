import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useIdempotencyKeys } from '../../../api/idempotency';
import { formatDate } from '../../../lib/format';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { TextAreaField } from '../../../ui/Field';
import { Loading } from '../../../ui/Loading';
import { Notice } from '../../../ui/Notice';
import { ANSWER_MAX, ANSWER_MIN, questionsApi, questionsChanged, useQuestion, type Question } from '../api';
import { AnswerItem } from './AnswerItem';
import { ReportButton } from './ReportButton';

/** The answer form, shown only when the server says the reader may answer (`canAnswer`). */
function AnswerForm({ questionId, onSent }: { questionId: string; onSent: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const keys = useIdempotencyKeys();
  const [text, setText] = useState('');
  const [tooShort, setTooShort] = useState(false);
  const send = useMutation({
    mutationFn: (body: string) => keys.send({ questionId, body }, (key) => questionsApi.answer(questionId, body, key)),
    onSuccess: async () => {
      setText('');
      onSent();
      await questionsChanged(queryClient);
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body = text.trim();
    setTooShort(body.length < ANSWER_MIN);
    if (body.length >= ANSWER_MIN) send.mutate(body);
  };
  return (
    <form className="answer-form" onSubmit={submit} data-testid="answer-form">
      <TextAreaField
        name={`answer-${questionId}`}
        label={t('questions.answer.label')}
        hint={t('questions.answer.hint', { min: ANSWER_MIN, max: ANSWER_MAX })}
        error={tooShort ? t('questions.answer.tooShort', { min: ANSWER_MIN }) : undefined}
        value={text}
        maxLength={ANSWER_MAX}
        rows={3}
        onChange={(e) => setText(e.target.value)}
        data-testid="answer-text-input"
      />
      <ErrorBanner error={send.error} testId="answer-error" />
      <button type="submit" className="button" disabled={send.isPending} data-testid="answer-submit">
        {t('questions.answer.submit')}
      </button>
    </form>
  );
}

/** Every answer of an opened question, and what the reader may do: answer, or why not. */
function Thread({ questionId, signedIn }: { questionId: string; signedIn: boolean }) {
  const { t } = useTranslation();
  const question = useQuestion(questionId);
  // Kept here: the form goes once the re-read question says it is answered.
  const [sent, setSent] = useState(false);
  if (question.isPending) return <Loading />;
  if (!question.data) return <ErrorBanner error={question.error} testId="question-error" />;
  const q = question.data;
  return (
    <div className="question-thread" data-testid="question-thread">
      <ul className="answers">
        {q.answerPage.items.map((a) => (
          <AnswerItem key={a.id} answer={a} signedIn={signedIn} />
        ))}
      </ul>
      {sent ? (
        <Notice testId="answer-sent">{t('questions.answer.sent')}</Notice>
      ) : !signedIn ? (
        <Link to="/login" className="button secondary" data-testid="answer-login">
          {t('questions.answer.signIn')}
        </Link>
      ) : q.canAnswer ? (
        <AnswerForm questionId={q.id} onSent={() => setSent(true)} />
      ) : (
        <p className="muted" data-testid="answer-not-allowed">
          {q.answeredByMe ? t('questions.answer.answered') : t('questions.answer.onlyBuyers')}
        </p>
      )}
    </div>
  );
}

/**
 * A question with its top answers; `open` shows all of them and the answer form (the
 * questions page opens the one a notification links to).
 */
export function QuestionCard({ question, signedIn, open: initiallyOpen = false, link }: { question: Question; signedIn: boolean; open?: boolean; link?: string }) {
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState(initiallyOpen);
  return (
    <article className="question-card" id={`question-${question.id}`} data-testid="question-card" data-question-id={question.id}>
      <p className="question-text">
        <span className="question-mark" aria-hidden="true">
          问
        </span>
        <span data-testid="question-text">{question.text}</span>
      </p>
      <p className="muted question-meta">
        {t('questions.asked', { name: question.anonymous ? t('questions.anonymous') : question.asker })} ·{' '}
        <time dateTime={question.createdAt}>{formatDate(question.createdAt, i18n.resolvedLanguage)}</time> ·{' '}
        <span data-testid="question-answer-count">{question.answerCount > 0 ? t('questions.answers', { count: question.answerCount }) : t('questions.noAnswers')}</span>
      </p>
      {open ? (
        <Thread questionId={question.id} signedIn={signedIn} />
      ) : (
        <>
          <ul className="answers">
            {question.answers.map((a) => (
              <AnswerItem key={a.id} answer={a} signedIn={signedIn} />
            ))}
          </ul>
          {link ? (
            <Link to={link} className="button secondary small" data-testid="question-open">
              {question.answerCount > question.answers.length ? t('questions.moreAnswers', { count: question.answerCount }) : t('questions.answer.submit')} ›
            </Link>
          ) : (
            <button type="button" className="button secondary small" data-testid="question-open" onClick={() => setOpen(true)}>
              {question.answerCount > question.answers.length ? t('questions.moreAnswers', { count: question.answerCount }) : t('questions.answer.submit')}
            </button>
          )}
        </>
      )}
      {signedIn && !question.mine && <ReportButton target={{ question: question.id }} />}
    </article>
  );
}
