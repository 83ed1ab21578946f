/** Pieces of a case shown alike to the buyer, the operator and the arbitrating admin. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { EvidenceList, EvidencePhotos } from './EvidencePhotos';
import { TextAreaField } from '../../../ui/Field';
import { disputeChanged, disputesApi, isLive, recordUrl, timeLeft, turnOf, type Dispute, type DisputeEvent } from '../api';
import { formatDateTime } from '../../../lib/format';
import { everyValue, isOneOf } from '../../../api/enums';
import { useIdempotencyKeys } from '../../../api/idempotency';
import { formatFen } from '../../../lib/money';
import { useNow } from '../../orders/api';

/**
 * Every step of a case's timeline the server's enum has, each with words under
 * disputes.case.events: a step the server adds fails the typecheck here until it has them.
 */
const DISPUTE_EVENTS = everyValue<DisputeEvent['type']>()([
  'opened',
  'message',
  'refused',
  'accepted',
  'escalated',
  'escalated_automatically',
  'withdrawn',
  'closed',
  'ruled',
  'ruling_overdue',
  'party_added',
  'provider_accepted',
  'provider_refused',
]);

/** The status pill, coloured by whether the case still waits on someone. */
export function DisputeStatus({ dispute, testId = 'dispute-status' }: { dispute: Pick<Dispute, 'status' | 'overdue'>; testId?: string }) {
  const { t } = useTranslation();
  const tone = dispute.status === 'resolved' ? 'ok' : isLive(dispute.status) ? 'wait' : 'muted';
  return (
    <>
      <span className={`pill ${tone}`} data-testid={testId} data-status={dispute.status}>
        {t(`disputes.statuses.${dispute.status}`)}
      </span>
      {dispute.overdue && dispute.status === 'arbitration' && (
        <span className="pill bad" data-testid={`${testId}-overdue`}>
          {t('disputes.case.overdue')}
        </span>
      )}
    </>
  );
}

/** Who must act by when, with the time left ticking (RULES.md: 48 h, 7 days, 5 days). */
export function DisputeDeadline({ dispute }: { dispute: Dispute }) {
  const { t, i18n } = useTranslation();
  const now = useNow();
  const turn = turnOf(dispute);
  if (!turn) return null;
  // The server's overdue flag wins over this device's clock, which may be wrong.
  const left = dispute.overdue ? 0 : new Date(turn.by).getTime() - now;
  const provider = dispute.serviceProvider;
  const providerDue = provider && provider.answer === null && provider.deadline && isLive(dispute.status) ? provider.deadline : null;
  return (
    <div className={`banner ${left > 0 ? 'info' : 'warning'}`} role="status" data-testid="dispute-deadline" data-party={turn.party}>
      <p>{t(`disputes.case.turn.${turn.party}`, { time: formatDateTime(turn.by, i18n.resolvedLanguage) })}</p>
      <p data-testid="dispute-countdown">{left > 0 ? t('disputes.case.countdown', timeLeft(left)) : t('disputes.case.overdue')}</p>
      {providerDue && <p data-testid="dispute-provider-deadline">{t('disputes.case.providerTurn', { time: formatDateTime(providerDue, i18n.resolvedLanguage) })}</p>}
    </div>
  );
}

/** The claim, the description and its evidence. */
export function DisputeFacts({ dispute }: { dispute: Dispute }) {
  const { t, i18n } = useTranslation();
  return (
    <section className="card" data-testid="dispute-facts">
      <dl className="facts">
        <div>
          <dt>{t('disputes.open.category')}</dt>
          <dd data-testid="dispute-category">{t(`disputes.categories.${dispute.category}`)}</dd>
        </div>
        <div>
          <dt>{t('disputes.case.paid')}</dt>
          <dd className="price">{formatFen(dispute.paid)}</dd>
        </div>
        <div>
          <dt>{t('disputes.case.claim')}</dt>
          <dd data-testid="dispute-claim">
            {t('disputes.case.claimRefund', { amount: formatFen(dispute.claim.refund) })}
            {dispute.claim.compensation > 0 && ` · ${t('disputes.case.claimCompensation', { amount: formatFen(dispute.claim.compensation) })}`}
          </dd>
        </div>
        <div>
          <dt>{t('disputes.case.createdAt')}</dt>
          <dd>{formatDateTime(dispute.createdAt, i18n.resolvedLanguage)}</dd>
        </div>
        {dispute.serviceProvider && (
          <div>
            <dt>{t('disputes.case.provider')}</dt>
            <dd data-testid="dispute-provider" data-answer={dispute.serviceProvider.answer ?? 'none'}>
              {t(`disputes.case.providerAnswer.${dispute.serviceProvider.answer ?? 'none'}`, { amount: formatFen(dispute.serviceProvider.share ?? 0) })}
            </dd>
          </div>
        )}
      </dl>
      <h2>{t('disputes.case.description')}</h2>
      <p className="description" data-testid="dispute-description-text">
        {dispute.description}
      </p>
      {dispute.evidence.length > 0 && <h2>{t('disputes.case.evidence')}</h2>}
      <EvidenceList urls={dispute.evidence} testId="dispute-evidence-list" />
    </section>
  );
}

/** The outcome, once there is one: who decided and what was paid. */
export function DisputeRuling({ dispute }: { dispute: Dispute }) {
  const { t } = useTranslation();
  if (!dispute.ruling) return null;
  const { ruling } = dispute;
  return (
    <section className="card" data-testid="dispute-ruling" data-by={ruling.by}>
      <h2>{t('disputes.case.ruling')}</h2>
      <p>{t(`disputes.case.rulingBy.${ruling.by}`)}</p>
      <dl className="facts">
        <div>
          <dt>{t('disputes.case.rulingRefund')}</dt>
          <dd className="price" data-testid="dispute-ruling-refund">
            {formatFen(ruling.refund)}
          </dd>
        </div>
        <div>
          <dt>{t('disputes.case.rulingCompensation')}</dt>
          <dd className="price" data-testid="dispute-ruling-compensation">
            {formatFen(ruling.compensation)}
          </dd>
        </div>
        {ruling.providerCompensation > 0 && (
          <div>
            <dt>{t('disputes.case.rulingProvider')}</dt>
            <dd className="price" data-testid="dispute-ruling-provider">
              {formatFen(ruling.providerCompensation)}
            </dd>
          </div>
        )}
        {ruling.reason && (
          <div>
            <dt>{t('disputes.case.rulingReason')}</dt>
            <dd data-testid="dispute-ruling-reason">{ruling.reason}</dd>
          </div>
        )}
      </dl>
    </section>
  );
}

/** The append-only history of the case. */
export function DisputeTimeline({ dispute }: { dispute: Dispute }) {
  const { t, i18n } = useTranslation();
  return (
    <section className="card" data-testid="dispute-timeline">
      <h2>{t('disputes.case.timeline')}</h2>
      <ol className="timeline">
        {dispute.timeline.map((event, i) => (
          <li key={`${event.type}-${i}`} data-testid="dispute-event" data-type={event.type}>
            <span>{isOneOf(DISPUTE_EVENTS, event.type) ? t(`disputes.case.events.${event.type}`) : t('disputes.case.events.other', { type: event.type })}</span>{' '}
            <time className="muted" dateTime={event.at}>
              {formatDateTime(event.at, i18n.resolvedLanguage)}
            </time>
            {/* Messages and the opening claim are shown in full above; a refusal's or ruling's reason is shown here. */}
            {event.body && event.type !== 'message' && event.type !== 'opened' && (
              <p className="fine-print" data-testid="dispute-event-body">
                {event.body}
              </p>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}

export type Viewer = 'buyer' | 'operator' | 'provider' | 'admin';

/**
 * Who wrote a message, from the reader's side. The case names only the buyer; the
 * others are known by what they did on the timeline (ruled, answered as provider or
 * as operator), and otherwise taken to be the party the reader deals with.
 */
function authorOf(dispute: Dispute, authorId: string, me: { id: string; viewer: Viewer }): 'you' | 'buyer' | 'operator' | 'provider' | 'platform' {
  if (authorId === me.id) return 'you';
  if (authorId === dispute.buyerId) return 'buyer';
  const actedAs = (...types: string[]) => dispute.timeline.some((e) => e.actorId === authorId && types.includes(e.type));
  if (actedAs('ruled', 'party_added')) return 'platform';
  if (actedAs('provider_accepted', 'provider_refused')) return 'provider';
  if (actedAs('refused', 'accepted')) return 'operator';
  return me.viewer === 'operator' || me.viewer === 'provider' ? 'platform' : 'operator';
}

/** Both sides' messages with their evidence, and, while the case is live, the reply form. */
export function DisputeMessages({ dispute, me }: { dispute: Dispute; me: { id: string; viewer: Viewer } }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const keys = useIdempotencyKeys();
  const [photos, setPhotos] = useState<string[]>([]);
  const [uploading, setUploading] = useState(0);
  const [invalid, setInvalid] = useState(false);
  const send = useMutation({
    mutationFn: (input: { body: string; evidence?: string[] }) => keys.send(input, (key) => disputesApi.message(dispute.id, input, key)),
    onSuccess: async ({ dispute: changed }) => {
      setPhotos([]);
      await disputeChanged(queryClient, changed);
    },
  });
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const body = String(new FormData(form).get('message') ?? '').trim();
    setInvalid(body.length === 0);
    if (body.length === 0) return;
    send.mutate({ body, ...(photos.length > 0 ? { evidence: photos } : {}) }, { onSuccess: () => form.reset() });
  }
  return (
    <section className="card" data-testid="dispute-messages">
      <h2>{t('disputes.case.messages')}</h2>
      {dispute.messages.length === 0 ? (
        <p className="empty">{t('disputes.case.noMessages')}</p>
      ) : (
        <ul className="review-list">
          {dispute.messages.map((message, i) => {
            const author = authorOf(dispute, message.authorId, me);
            return (
              <li key={`${message.at}-${i}`} className="review-card" data-testid="dispute-message" data-author={author}>
                <p className="muted">
                  {t(`disputes.case.authors.${author}`)} · {formatDateTime(message.at, i18n.resolvedLanguage)}
                </p>
                <p>{message.body}</p>
                <EvidenceList urls={message.evidence} testId="dispute-message-evidence" />
              </li>
            );
          })}
        </ul>
      )}
      {isLive(dispute.status) && (
        <form className="form" onSubmit={onSubmit} noValidate data-testid="dispute-message-form">
          <TextAreaField
            name="message"
            label={t('disputes.case.messageBody')}
            rows={3}
            maxLength={4000}
            placeholder={t('disputes.case.messagePlaceholder')}
            error={invalid ? t('disputes.case.messageRequired') : undefined}
            data-testid="dispute-message-body"
          />
          <EvidencePhotos photos={photos} onChange={setPhotos} onBusy={setUploading} testId="dispute-message-photos" />
          <ErrorBanner error={send.error} testId="dispute-message-error" />
          <button type="submit" className="button secondary" disabled={send.isPending || uploading > 0} data-testid="dispute-message-send">
            {send.isPending ? t('disputes.case.sending') : t('disputes.case.send')}
          </button>
        </form>
      )}
    </section>
  );
}

/** R16: the complete record of the case, printable, for each party. */
export function DisputeRecordLink({ dispute }: { dispute: Dispute }) {
  const { t } = useTranslation();
  return (
    <a href={recordUrl(dispute.id)} target="_blank" rel="noreferrer" className="button secondary" data-testid="dispute-record">
      {t('disputes.case.record')}
    </a>
  );
}
