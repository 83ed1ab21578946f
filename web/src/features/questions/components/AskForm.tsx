import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useIdempotencyKeys } from '../../../api/idempotency';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { TextAreaField } from '../../../ui/Field';
import { Notice } from '../../../ui/Notice';
import { QUESTION_MAX, QUESTION_MIN, questionsApi, questionsChanged } from '../api';

/** Ask the people who bought it (anyone signed in; 429 after 10 in a day, worded by the errors). */
export function AskForm({ productId }: { productId: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const keys = useIdempotencyKeys();
  const [text, setText] = useState('');
  const [anonymous, setAnonymous] = useState(false);
  const [tooShort, setTooShort] = useState(false);
  const send = useMutation({
    mutationFn: (input: { text: string; anonymous: boolean }) => keys.send(input, (key) => questionsApi.ask(productId, input, key)),
    onSuccess: async () => {
      setText('');
      await questionsChanged(queryClient);
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body = text.trim();
    setTooShort(body.length < QUESTION_MIN);
    if (body.length >= QUESTION_MIN) send.mutate({ text: body, anonymous });
  };
  return (
    <form className="card ask-form" onSubmit={submit} data-testid="ask-form">
      <h2>{t('questions.ask.title')}</h2>
      {send.isSuccess && <Notice testId="ask-sent">{t('questions.ask.sent')}</Notice>}
      <TextAreaField
        name="question"
        label={t('questions.ask.label')}
        hint={t('questions.ask.hint', { min: QUESTION_MIN, max: QUESTION_MAX })}
        error={tooShort ? t('questions.ask.tooShort', { min: QUESTION_MIN }) : undefined}
        value={text}
        maxLength={QUESTION_MAX}
        rows={2}
        onChange={(e) => setText(e.target.value.replace(/\n/g, ' '))}
        data-testid="ask-text"
      />
      <label className="check">
        <input type="checkbox" checked={anonymous} onChange={(e) => setAnonymous(e.target.checked)} data-testid="ask-anonymous" /> {t('questions.ask.anonymous')}
      </label>
      <ErrorBanner error={send.error} testId="ask-error" />
      <button type="submit" className="button" disabled={send.isPending} data-testid="ask-submit">
        {t('questions.ask.submit')}
      </button>
    </form>
  );
}
