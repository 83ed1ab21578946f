import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { Field, TextAreaField } from '../../../ui/Field';
import { Loading } from '../../../ui/Loading';
import { PageHeader } from '../../../ui/PageHeader';
import { disputeChanged, disputesApi, isLive, useDispute, type Dispute } from '../api';
import { useIdempotencyKeys } from '../../../api/idempotency';
import { fenToYuan, formatFen, parseYuan } from '../../../lib/money';
import { REGISTRATIONS_KEY } from '../../shop/registration';
import { refreshWallet } from '../../wallet/api';
import { DisputeDeadline, DisputeFacts, DisputeMessages, DisputeRecordLink, DisputeRuling, DisputeStatus, DisputeTimeline, type Viewer } from '../components/DisputeParts';
import type { Me } from '../../../app/session';
import { shopApi } from '../../shop/api';

/** A case action that changes it (and may move money): one key per action, then the case and the wallet are read again. */
function useCaseAction<T>(dispute: Dispute, send: (input: T, key: string) => Promise<{ dispute: Dispute }>) {
  const queryClient = useQueryClient();
  const keys = useIdempotencyKeys();
  return useMutation({
    mutationFn: (input: T) => keys.send({ input, dispute: dispute.id }, (key) => send(input, key)),
    onSuccess: async ({ dispute: changed }) => {
      await disputeChanged(queryClient, changed);
      await refreshWallet(queryClient);
    },
  });
}

/** The buyer: ask the platform to rule (after a refusal, within 7 days) or withdraw. */
function BuyerActions({ dispute }: { dispute: Dispute }) {
  const { t } = useTranslation();
  const escalate = useCaseAction<null>(dispute, (_, key) => disputesApi.escalate(dispute.id, key));
  const withdraw = useCaseAction<null>(dispute, (_, key) => disputesApi.withdraw(dispute.id, key));
  const canEscalate = dispute.status === 'open' || dispute.status === 'responded';
  return (
    <section className="card" data-testid="dispute-actions">
      <ErrorBanner error={escalate.error ?? withdraw.error} testId="dispute-action-error" />
      <div className="button-row">
        {canEscalate && (
          <button
            type="button"
            className="button primary"
            disabled={escalate.isPending}
            data-testid="dispute-escalate"
            onClick={() => {
              if (window.confirm(t('disputes.case.escalateConfirm'))) escalate.mutate(null);
            }}
          >
            {t('disputes.case.escalate')}
          </button>
        )}
        <button
          type="button"
          className="button danger-outline"
          disabled={withdraw.isPending}
          data-testid="dispute-withdraw"
          onClick={() => {
            if (window.confirm(t('disputes.case.withdrawConfirm'))) withdraw.mutate(null);
          }}
        >
          {t('disputes.case.withdraw')}
        </button>
      </div>
    </section>
  );
}

/**
 * The operator while the case waits on it: accept (the claim is paid at once) or
 * refuse with a reason. A named service provider (D7) answers once, the same way,
 * stating the share of the claim it bears.
 */
function AnswerCard({ dispute, party }: { dispute: Dispute; party: 'operator' | 'provider' }) {
  const { t } = useTranslation();
  const [refusing, setRefusing] = useState(false);
  const [invalid, setInvalid] = useState<string | null>(null);
  const respond = useCaseAction<{ accept: boolean; reason?: string; share?: number }>(dispute, (input, key) => disputesApi.respond(dispute.id, input, key));
  const claim = dispute.claim.refund + dispute.claim.compensation;
  function onRefuse(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const reason = String(new FormData(event.currentTarget).get('reason') ?? '').trim();
    setInvalid(reason.length === 0 ? t('disputes.case.refuseReasonRequired') : null);
    if (reason.length > 0) respond.mutate({ accept: false, reason });
  }
  function onAcceptShare(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const share = parseYuan(String(new FormData(event.currentTarget).get('share') ?? ''));
    const ok = share !== null && share <= claim;
    setInvalid(ok ? null : t('disputes.case.shareInvalid', { amount: formatFen(claim) }));
    if (ok) respond.mutate({ accept: true, share });
  }
  return (
    <section className="card" data-testid="dispute-answer" data-party={party}>
      <h2>{t('disputes.case.answerTitle')}</h2>
      <p className="fine-print">{t('disputes.case.answerHint')}</p>
      <ErrorBanner error={respond.error} testId="dispute-answer-error" />
      {refusing ? (
        <form className="form" onSubmit={onRefuse} noValidate>
          <TextAreaField name="reason" label={t('disputes.case.refuseReason')} rows={3} maxLength={2000} error={invalid ?? undefined} data-testid="dispute-refuse-reason" />
          <div className="button-row">
            <button type="button" className="button secondary" onClick={() => setRefusing(false)} disabled={respond.isPending}>
              {t('common.cancel')}
            </button>
            <button type="submit" className="button danger" disabled={respond.isPending} data-testid="dispute-refuse-confirm">
              {t('disputes.case.confirmRefuse')}
            </button>
          </div>
        </form>
      ) : party === 'provider' ? (
        <form className="form" onSubmit={onAcceptShare} noValidate>
          <Field
            name="share"
            label={t('disputes.case.share')}
            inputMode="decimal"
            defaultValue={fenToYuan(claim)}
            hint={t('disputes.case.shareHint', { amount: formatFen(claim) })}
            error={invalid ?? undefined}
            data-testid="dispute-share"
          />
          <div className="button-row">
            <button type="button" className="button danger-outline" onClick={() => setRefusing(true)} data-testid="dispute-refuse">
              {t('disputes.case.refuse')}
            </button>
            <button type="submit" className="button primary" disabled={respond.isPending} data-testid="dispute-accept">
              {t('disputes.case.acceptShare')}
            </button>
          </div>
        </form>
      ) : (
        <div className="button-row">
          <button type="button" className="button danger-outline" onClick={() => setRefusing(true)} data-testid="dispute-refuse">
            {t('disputes.case.refuse')}
          </button>
          <button
            type="button"
            className="button primary"
            disabled={respond.isPending}
            data-testid="dispute-accept"
            onClick={() => {
              if (window.confirm(t('disputes.case.acceptConfirm', { amount: formatFen(claim) }))) respond.mutate({ accept: true });
            }}
          >
            {t('disputes.case.accept', { amount: formatFen(claim) })}
          </button>
        </div>
      )}
    </section>
  );
}

/** The reader's side of the case: its buyer, the owner of its operator or of its named provider, or (else) an admin. */
function useViewer(me: Me, dispute: Dispute | undefined): Viewer {
  const registrations = useQuery({ queryKey: REGISTRATIONS_KEY, queryFn: shopApi.registrations, enabled: dispute !== undefined && dispute.buyerId !== me.id });
  if (!dispute || dispute.buyerId === me.id) return 'buyer';
  if (registrations.data?.operators.some((operator) => operator.id === dispute.operatorId)) return 'operator';
  if (registrations.data?.serviceProviders.some((provider) => provider.id === dispute.serviceProvider?.id)) return 'provider';
  return 'admin';
}

/** /disputes/:id: the case for its buyer and its operator: status, who must act by when, history, messages, actions, record. */
export function DisputePage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const { disputeId = '' } = useParams();
  const dispute = useDispute(disputeId);
  const viewer = useViewer(me, dispute.data);
  const back =
    viewer === 'operator'
      ? { to: '/shop/disputes', label: t('disputes.inbox.title') }
      : viewer === 'provider'
        ? { to: '/provider/disputes', label: t('disputes.inbox.providerTitle') }
        : { to: '/me/disputes', label: t('disputes.inbox.buyerTitle') };
  if (dispute.isPending) return <Loading />;
  if (dispute.isError) {
    return (
      <div className="page" data-testid="dispute-page">
        <PageHeader title={t('disputes.case.title')} back={back} />
        <ErrorBanner error={dispute.error} testId="dispute-error" />
      </div>
    );
  }
  const d = dispute.data;
  return (
    <div className="page" data-testid="dispute-page" data-dispute-id={d.id} data-viewer={viewer}>
      <PageHeader title={t('disputes.case.title')} back={back} />
      <div className="status-head">
        <DisputeStatus dispute={d} />
        <span className="muted">{t('disputes.case.number', { id: d.id })}</span>
      </div>
      {viewer === 'buyer' && (
        <Link to={`/orders/${d.orderId}`} className="fine-print" data-testid="dispute-order-link">
          {t('disputes.case.order')} ›
        </Link>
      )}
      <DisputeDeadline dispute={d} />
      <DisputeRuling dispute={d} />
      {viewer === 'operator' && d.status === 'open' && <AnswerCard dispute={d} party="operator" />}
      {viewer === 'provider' && d.serviceProvider?.answer === null && isLive(d.status) && <AnswerCard dispute={d} party="provider" />}
      {viewer === 'buyer' && isLive(d.status) && <BuyerActions dispute={d} />}
      <DisputeFacts dispute={d} />
      <DisputeMessages dispute={d} me={{ id: me.id, viewer }} />
      <DisputeTimeline dispute={d} />
      <div className="button-row">
        <DisputeRecordLink dispute={d} />
        <Link to="/dispute-rules" className="button secondary" data-testid="dispute-rules-link">
          {t('disputes.rulesLink')}
        </Link>
      </div>
    </div>
  );
}
