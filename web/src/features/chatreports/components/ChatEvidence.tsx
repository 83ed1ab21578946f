import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../lib/format';
import type { EvidenceMessage } from '../api';

/**
 * Chat messages as evidence, oldest first: who said it, when, and the words as written
 * (admins) with marks for a masked or removed message; `highlight` is the reported one,
 * `openedAfterSeq` draws the line where a dispute was opened.
 */
export function ChatEvidence({ messages, highlight, openedAfterSeq, testId }: { messages: EvidenceMessage[]; highlight?: string; openedAfterSeq?: number | null; testId: string }) {
  const { t, i18n } = useTranslation();
  return (
    <ol className="chat-evidence" data-testid={testId}>
      {messages.map((m) => (
        <li key={m.id} className={m.id === highlight ? 'chat-evidence-item reported' : 'chat-evidence-item'} data-testid="evidence-message" data-message-id={m.id} data-removed={m.removed}>
          <p className="muted">
            {t(`chatReports.from.${m.from}`)} · {formatDateTime(m.createdAt, i18n.resolvedLanguage)}
            {m.id === highlight && <strong> · {t('chatReports.reported')}</strong>}
          </p>
          <p>{m.text ?? (m.kind === 'text' ? '' : t(`chatReports.card.${m.kind}`))}</p>
          {m.masked && <p className="fine-print">{t('chatReports.masked')}</p>}
          {m.removed && <p className="fine-print" data-testid="evidence-removed">{t('chatReports.removed')}</p>}
          {openedAfterSeq !== undefined && openedAfterSeq !== null && m.seq === openedAfterSeq && <p className="fine-print">— {t('chatReports.dispute.openedHere')} —</p>}
        </li>
      ))}
    </ol>
  );
}
