import { useMutation } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useIdempotencyKeys } from '../../../api/idempotency';
import { chatApi, CHAT_REPORT_REASONS, type ReportReason } from '../api';
import { ChatError } from './ChatError';

/** Most a report's note may hold (API.md). */
const MAX_NOTE = 500;

/**
 * Reporting one of the other side's messages (harassment, fraud, …; issue 18 item 4): a reason
 * in words and an optional note, in a modal dialog; the platform takes it from there.
 */
export function ReportMessage({ messageId }: { messageId: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState<ReportReason | null>(null);
  const [note, setNote] = useState('');
  const keys = useIdempotencyKeys();
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const noteId = useId();
  const reasonName = useId();
  const report = useMutation({
    mutationFn: (chosen: ReportReason) => {
      const input = note.trim() ? { reason: chosen, note: note.trim() } : { reason: chosen };
      return keys.send({ messageId, ...input }, (key) => chatApi.report(messageId, input, key));
    },
  });
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);
  const close = () => {
    setOpen(false);
    if (report.isSuccess) report.reset();
  };
  return (
    <>
      <button type="button" className="link-button chat-report" data-testid="chat-report" onClick={() => setOpen(true)}>
        {t('chat.report.action')}
      </button>
      <dialog ref={dialog} className="confirm-dialog" aria-labelledby={titleId} data-testid={open ? 'chat-report-dialog' : undefined} onClose={() => setOpen(false)}>
        <h2 id={titleId}>{t('chat.report.title')}</h2>
        {/* Drawn only while open: every message of the shop has its own dialog. */}
        {!open ? null : report.isSuccess ? (
          <p role="status" data-testid="chat-report-done">
            {t('chat.report.done')}
          </p>
        ) : (
          <form
            onSubmit={(event) => {
              event.preventDefault();
              if (reason) report.mutate(reason);
            }}
          >
            <fieldset className="plain-fieldset">
              <legend>{t('chat.report.reason')}</legend>
              <div className="choice-group" role="radiogroup" aria-label={t('chat.report.reason')}>
                {CHAT_REPORT_REASONS.map((option) => (
                  <label key={option} className={`choice ${reason === option ? 'selected' : ''}`} data-testid={`chat-report-reason-${option}`}>
                    <input type="radio" name={reasonName} value={option} checked={reason === option} onChange={() => setReason(option)} />
                    <span className="choice-title">{t(`chat.report.reasons.${option}`)}</span>
                  </label>
                ))}
              </div>
            </fieldset>
            <label htmlFor={noteId}>{t('common.optionalLabel', { label: t('chat.report.note') })}</label>
            <textarea id={noteId} className="chat-report-note" maxLength={MAX_NOTE} rows={3} value={note} data-testid="chat-report-note" onChange={(event) => setNote(event.target.value)} />
            <ChatError error={report.error} testId="chat-report-error" />
            <div className="actions">
              <button type="button" className="button secondary" data-testid="chat-report-cancel" onClick={close}>
                {t('common.cancel')}
              </button>
              <button type="submit" className="button primary" disabled={!reason || report.isPending} data-testid="chat-report-submit">
                {t('chat.report.submit')}
              </button>
            </div>
          </form>
        )}
        {open && report.isSuccess && (
          <div className="actions">
            <button type="button" className="button secondary" autoFocus data-testid="chat-report-close" onClick={close}>
              {t('chat.thread.close')}
            </button>
          </div>
        )}
      </dialog>
    </>
  );
}
