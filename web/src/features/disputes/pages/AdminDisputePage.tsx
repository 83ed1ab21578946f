import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { Field, SelectField, TextAreaField } from '../../../ui/Field';
import { Loading } from '../../../ui/Loading';
import { PageHeader } from '../../../ui/PageHeader';
import { claimProblem, disputeChanged, DISPUTES_KEY, disputesApi, isLive, useDispute, type Dispute, type RulingInput } from '../api';
import { useIdempotencyKeys } from '../../../api/idempotency';
import { fenToYuan, formatFen, parseYuan } from '../../../lib/money';
import { AdminOnly } from '../components/AdminOnly';
import { DisputeDeadline, DisputeFacts, DisputeMessages, DisputeRecordLink, DisputeRuling, DisputeStatus, DisputeTimeline } from '../components/DisputeParts';
import { OrderDetails } from '../../orders/components/OrderDetails';
import type { Me } from '../../../app/session';
import { adminApi } from '../../admin/api';
import { MoneyLog } from '../../wallet/components/MoneyLog';
import { DisputeChatEvidence } from '../../chatreports/components/DisputeChatEvidence';

type Problems = Partial<Record<'refund' | 'compensation' | 'providerCompensation' | 'reason', string>>;

/** The platform's ruling: refund and compensation in yuan read exactly into fen, and a reason; money moves at once. */
function RulingForm({ dispute }: { dispute: Dispute }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const keys = useIdempotencyKeys();
  const [problems, setProblems] = useState<Problems>({});
  const rule = useMutation({
    mutationFn: (input: RulingInput) => keys.send(input, (key) => disputesApi.rule(dispute.id, input, key)),
    onSuccess: async ({ dispute: changed }) => {
      await disputeChanged(queryClient, changed);
    },
  });
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const refund = parseYuan(String(form.get('refund') ?? '') || '0');
    const compensation = parseYuan(String(form.get('compensation') ?? '') || '0');
    const providerCompensation = parseYuan(String(form.get('providerCompensation') ?? '') || '0');
    const reason = String(form.get('reason') ?? '').trim();
    const found: Problems = {};
    if (refund === null) found.refund = t('disputes.open.invalid.amount');
    if (compensation === null) found.compensation = t('disputes.open.invalid.amount');
    if (providerCompensation === null) found.providerCompensation = t('disputes.open.invalid.amount');
    if (refund !== null && compensation !== null && providerCompensation !== null) {
      const problem = claimProblem(dispute.category, dispute.paid, refund, compensation + providerCompensation);
      if (problem === 'refund') found.refund = t('disputes.open.invalid.refundOver', { paid: formatFen(dispute.paid) });
      if (problem === 'compensation') found.compensation = t('disputes.open.compensationHint');
    }
    if (reason.length === 0) found.reason = t('disputes.admin.reasonRequired');
    setProblems(found);
    if (Object.keys(found).length > 0 || refund === null || compensation === null || providerCompensation === null) return;
    if (!window.confirm(t('disputes.admin.ruleConfirm', { refund: formatFen(refund), compensation: formatFen(compensation + providerCompensation) }))) return;
    rule.mutate({ refund, compensation, ...(providerCompensation > 0 ? { providerCompensation } : {}), reason });
  }
  return (
    <section className="card" data-testid="dispute-rule">
      <h2>{t('disputes.admin.ruleTitle')}</h2>
      <p className="fine-print">{t('disputes.admin.ruleHint')}</p>
      <form className="form" onSubmit={onSubmit} noValidate>
        <Field name="refund" label={t('disputes.admin.refund')} inputMode="decimal" defaultValue={fenToYuan(dispute.claim.refund)} error={problems.refund} data-testid="dispute-rule-refund" />
        <Field
          name="compensation"
          label={t('disputes.admin.compensation')}
          inputMode="decimal"
          defaultValue={fenToYuan(dispute.claim.compensation)}
          error={problems.compensation}
          data-testid="dispute-rule-compensation"
        />
        {dispute.serviceProvider && (
          <Field
            name="providerCompensation"
            label={t('disputes.admin.providerCompensation')}
            inputMode="decimal"
            defaultValue="0.00"
            error={problems.providerCompensation}
            data-testid="dispute-rule-provider-compensation"
          />
        )}
        <TextAreaField name="reason" label={t('disputes.admin.reason')} rows={3} maxLength={2000} error={problems.reason} data-testid="dispute-rule-reason" />
        <ErrorBanner error={rule.error} testId="dispute-rule-error" />
        <button type="submit" className="button primary" disabled={rule.isPending} data-testid="dispute-rule-submit">
          {t('disputes.admin.submitRule')}
        </button>
      </form>
    </section>
  );
}

/** D7: name an approved service provider (e.g. the carrier) as a party; it then answers within 48 h. */
function AddProvider({ dispute }: { dispute: Dispute }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const keys = useIdempotencyKeys();
  const [invalid, setInvalid] = useState(false);
  const providers = useQuery({ queryKey: ['admin', 'providers', 'approved'], queryFn: () => adminApi.serviceProviderQueue({ status: 'approved', limit: 100 }) });
  const add = useMutation({
    mutationFn: (serviceProviderId: string) => keys.send({ serviceProviderId }, (key) => disputesApi.addProvider(dispute.id, serviceProviderId, key)),
    onSuccess: ({ dispute: changed }) => disputeChanged(queryClient, changed),
  });
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const chosen = String(new FormData(event.currentTarget).get('serviceProviderId') ?? '');
    setInvalid(!chosen);
    if (chosen) add.mutate(chosen);
  }
  return (
    <section className="card" data-testid="dispute-add-provider">
      <h2>{t('disputes.admin.addProvider')}</h2>
      <p className="fine-print">{t('disputes.admin.addProviderHint')}</p>
      <form className="form" onSubmit={onSubmit} noValidate>
        <SelectField name="serviceProviderId" label={t('disputes.admin.provider')} defaultValue="" error={invalid ? t('disputes.admin.chooseProvider') : undefined} data-testid="dispute-provider-select">
          <option value="">{t('disputes.admin.chooseProvider')}</option>
          {(providers.data?.items ?? []).map(({ serviceProvider }) => (
            <option key={serviceProvider.id} value={serviceProvider.id}>
              {serviceProvider.companyName} · {serviceProvider.service}
            </option>
          ))}
        </SelectField>
        <ErrorBanner error={add.error ?? providers.error} testId="dispute-add-provider-error" />
        <button type="submit" className="button secondary" disabled={add.isPending} data-testid="dispute-add-provider-submit">
          {t('disputes.admin.addProviderSubmit')}
        </button>
      </form>
    </section>
  );
}

/** The order and every ledger line of its escrow and of the case (GET /admin/disputes/:id/case). */
function CaseMoney({ dispute }: { dispute: Dispute }) {
  const { t } = useTranslation();
  // Read again whenever the case changes, so a ruling shows the money it moved.
  const found = useQuery({ queryKey: [DISPUTES_KEY, 'case', dispute.id, dispute.status], queryFn: () => disputesApi.case(dispute.id) });
  if (found.isPending) return <Loading />;
  if (found.isError) return <ErrorBanner error={found.error} testId="dispute-case-error" />;
  const { order, ledger } = found.data;
  return (
    <>
      <h2>{t('disputes.admin.order')}</h2>
      <p className="muted" data-testid="dispute-case-order" data-status={order.status}>
        {t('orders.number', { number: order.number })} · {t(`orders.status.${order.status}`)}
      </p>
      <OrderDetails order={order} />
      <section className="card" data-testid="dispute-ledger">
        <h2>{t('disputes.admin.ledger')}</h2>
        <p className="fine-print">{t('disputes.admin.ledgerHint')}</p>
        {ledger.length === 0 ? <p className="empty">{t('disputes.admin.ledgerEmpty')}</p> : <MoneyLog lines={ledger} testId="dispute-ledger-lines" />}
      </section>
    </>
  );
}

/** /admin/disputes/:id: the whole case, the order, the ledger lines and, while in arbitration, the ruling form. */
export function AdminDisputePage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const { disputeId = '' } = useParams();
  const dispute = useDispute(disputeId);
  const back = { to: '/admin/disputes', label: t('disputes.admin.back') };
  return (
    <AdminOnly me={me} testId="admin-dispute-page">
      <div className="page" data-testid="admin-dispute-page" data-dispute-id={disputeId}>
        <PageHeader title={t('disputes.admin.caseTitle', { id: disputeId })} back={back} />
        {dispute.isPending ? (
          <Loading />
        ) : dispute.isError ? (
          <ErrorBanner error={dispute.error} testId="dispute-error" />
        ) : (
          <>
            <div className="status-head">
              <DisputeStatus dispute={dispute.data} />
            </div>
            <DisputeDeadline dispute={dispute.data} />
            <DisputeRuling dispute={dispute.data} />
            {dispute.data.status === 'arbitration' && <RulingForm dispute={dispute.data} />}
            {isLive(dispute.data.status) && !dispute.data.serviceProvider && <AddProvider dispute={dispute.data} />}
            <DisputeFacts dispute={dispute.data} />
            <DisputeMessages dispute={dispute.data} me={{ id: me.id, viewer: 'admin' }} />
            <DisputeTimeline dispute={dispute.data} />
            <DisputeChatEvidence disputeId={dispute.data.id} />
            <CaseMoney dispute={dispute.data} />
            <DisputeRecordLink dispute={dispute.data} />
          </>
        )}
      </div>
    </AdminOnly>
  );
}
