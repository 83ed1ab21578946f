import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { SelectField, TextAreaField } from '../../../ui/Field';
import { Loading } from '../../../ui/Loading';
import { PageHeader } from '../../../ui/PageHeader';
import { formatDateTime } from '../../../lib/format';
import type { Me } from '../../../app/session';
import { AdminOnly } from '../../disputes/components/AdminOnly';
import { CHAT_REPORTS_KEY, chatReportsApi, chatReportsChanged, REPORT_OUTCOMES, useChatReport, type ChatReport, type ChatReportDetail, type ResolveInput } from '../api';
import { ChatEvidence } from '../components/ChatEvidence';

/** Dismiss, warn or remove, with a note; removing asks first (both sides then see it removed). */
function ResolveForm({ report }: { report: ChatReport }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [problems, setProblems] = useState<{ outcome?: string; note?: string }>({});
  const resolve = useMutation({
    mutationFn: (input: ResolveInput) => chatReportsApi.resolve(report.id, input),
    onSuccess: async ({ report: changed }) => {
      // The chat already shown stays as it is: reading it again would log another read.
      const removed = (m: ChatReportDetail['messages'][number]) => (changed.outcome === 'removed' && m.id === changed.messageId ? { ...m, removed: true } : m);
      queryClient.setQueryData<ChatReportDetail>([CHAT_REPORTS_KEY, 'detail', report.id], (old) => old && { report: changed, messages: old.messages.map(removed) });
      await chatReportsChanged(queryClient, ['queue', 'summary']);
    },
  });
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const outcome = REPORT_OUTCOMES.find((o) => o === form.get('outcome'));
    const note = String(form.get('note') ?? '').trim();
    const found = { ...(outcome ? {} : { outcome: t('chatReports.chooseOutcome') }), ...(note ? {} : { note: t('chatReports.noteRequired') }) };
    setProblems(found);
    if (!outcome || !note) return;
    if (outcome === 'removed' && !window.confirm(t('chatReports.removeConfirm'))) return;
    resolve.mutate({ outcome, note });
  }
  return (
    <section className="card" data-testid="chat-report-resolve">
      <h2>{t('chatReports.resolveTitle')}</h2>
      <form className="form" onSubmit={onSubmit} noValidate>
        <SelectField name="outcome" label={t('chatReports.outcome')} defaultValue="" error={problems.outcome} data-testid="chat-report-outcome">
          <option value="">{t('chatReports.chooseOutcome')}</option>
          {REPORT_OUTCOMES.map((o) => (
            <option key={o} value={o}>
              {t(`chatReports.outcomes.${o}`)}
            </option>
          ))}
        </SelectField>
        <TextAreaField name="note" label={t('chatReports.resolutionNote')} rows={3} maxLength={500} error={problems.note} data-testid="chat-report-note" />
        <ErrorBanner error={resolve.error} testId="chat-report-resolve-error" />
        <button type="submit" className="button primary" disabled={resolve.isPending} data-testid="chat-report-submit">
          {t('chatReports.submit')}
        </button>
      </form>
    </section>
  );
}

/**
 * /admin/chat-reports/:id: the report, and — once the admin asks, since it is a logged read
 * of both parties (purpose chat_report) — the reported message with the chat around it as
 * written; while open, the decision.
 */
export function AdminChatReportPage({ me }: { me: Me }) {
  const { t, i18n } = useTranslation();
  const { reportId = '' } = useParams();
  const [shown, setShown] = useState(false);
  // The queue row (no message text) says what the report is before anything is read.
  const summary = useQuery({
    queryKey: [CHAT_REPORTS_KEY, 'summary', reportId],
    queryFn: async () => {
      for (let cursor: string | undefined, page = 0; page < 20; page++) {
        const found = await chatReportsApi.queue(cursor ? { cursor } : {});
        const report = found.items.find((r) => r.id === reportId);
        if (report || !found.nextCursor) return report ?? null;
        cursor = found.nextCursor;
      }
      return null;
    },
  });
  const detail = useChatReport(reportId, shown);
  const report = detail.data?.report ?? summary.data ?? undefined;
  return (
    <AdminOnly me={me} testId="admin-chat-report-page" title={t('chatReports.detailTitle')}>
      <div className="page" data-testid="admin-chat-report-page" data-report-id={reportId}>
        <PageHeader title={t('chatReports.detailTitle')} back={{ to: '/admin/chat-reports', label: t('chatReports.back') }} />
        {summary.isPending ? (
          <Loading />
        ) : summary.isError ? (
          <ErrorBanner error={summary.error} testId="chat-report-error" />
        ) : (
          <>
            {report && (
              <section className="card" data-testid="chat-report-facts" data-status={report.status}>
                <p>
                  <strong>{t(`chatReports.reasons.${report.reason}`)}</strong> · {t(`chatReports.reporter.${report.reporter}`)} · {formatDateTime(report.createdAt, i18n.resolvedLanguage)}
                </p>
                <p className="muted">
                  {report.buyer.displayName} / {report.shop.shopName}
                </p>
                <p>{report.note ? t('chatReports.note', { note: report.note }) : t('chatReports.noNote')}</p>
                {report.outcome && (
                  <p data-testid="chat-report-outcome-shown">
                    {t('chatReports.resolved', { outcome: t(`chatReports.outcomes.${report.outcome}`) })}
                    {report.resolutionNote ? ` · ${report.resolutionNote}` : ''}
                  </p>
                )}
              </section>
            )}
            <section className="card">
              <p className="fine-print">{t('chatReports.revealHint')}</p>
              {!shown ? (
                <button type="button" className="button secondary" onClick={() => setShown(true)} data-testid="chat-report-reveal">
                  {t('chatReports.reveal')}
                </button>
              ) : detail.isPending ? (
                <Loading />
              ) : detail.isError ? (
                <ErrorBanner error={detail.error} testId="chat-report-detail-error" />
              ) : (
                <ChatEvidence messages={detail.data.messages} highlight={detail.data.report.messageId} testId="chat-report-messages" />
              )}
            </section>
            {detail.data?.report.status === 'open' && <ResolveForm report={detail.data.report} />}
          </>
        )}
      </div>
    </AdminOnly>
  );
}
