import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useIdempotencyKeys } from '../../../api/idempotency';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { Field } from '../../../ui/Field';
import { Notice } from '../../../ui/Notice';
import { questionsApi } from '../api';

/** 举报: a reason to the platform, which alone hides (R11); the shop cannot delete. */
export function ReportButton({ target }: { target: { question: string } | { answer: string } }) {
  const { t } = useTranslation();
  const keys = useIdempotencyKeys();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const id = 'question' in target ? target.question : target.answer;
  const send = useMutation({
    mutationFn: (text: string) =>
      keys.send({ target, text }, (key) => ('question' in target ? questionsApi.reportQuestion(target.question, text, key) : questionsApi.reportAnswer(target.answer, text, key))),
    onSuccess: () => setOpen(false),
  });
  if (send.isSuccess) return <Notice kind="info" testId="report-sent">{t('questions.report.sent')}</Notice>;
  if (!open)
    return (
      <button type="button" className="button secondary small" data-testid="report-open" onClick={() => setOpen(true)}>
        {t('questions.report.open')}
      </button>
    );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (reason.trim()) send.mutate(reason.trim());
  };
  return (
    <form className="report-form" onSubmit={submit} data-testid="report-form">
      <Field name={`report-${id}`} label={t('questions.report.label')} value={reason} maxLength={500} required onChange={(e) => setReason(e.target.value)} />
      <ErrorBanner error={send.error} testId="report-error" />
      <div className="actions">
        <button type="submit" className="button small" disabled={send.isPending} data-testid="report-submit">
          {t('questions.report.submit')}
        </button>
        <button type="button" className="button secondary small" onClick={() => setOpen(false)}>
          {t('questions.report.cancel')}
        </button>
      </div>
    </form>
  );
}
