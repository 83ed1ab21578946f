import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api, type Me, type OperatorReview, type ReviewStatus, type ServiceProviderReview } from '../../../api';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { TextAreaField } from '../../../ui/Field';
import { Loading } from '../../../ui/Loading';
import { Notice } from '../../../ui/Notice';
import { PageHeader } from '../../../ui/PageHeader';
import { formatDate, formatDateTime } from '../../../format';
import { lengthBetween } from '../../../registration';

const STATUSES: ReviewStatus[] = ['pending', 'approved', 'rejected'];
const ADMIN_KEY = 'admin';
type Tab = 'operators' | 'providers';
/** One page of either queue. */
interface QueuePage {
  nextCursor: string | null;
  operators: OperatorReview[];
  providers: ServiceProviderReview[];
}

async function queuePage(tab: Tab, status: ReviewStatus, cursor: string | undefined): Promise<QueuePage> {
  const params = { status, ...(cursor ? { cursor } : {}) };
  if (tab === 'operators') {
    const page = await api.operatorQueue(params);
    return { nextCursor: page.nextCursor, operators: page.items, providers: [] };
  }
  const page = await api.serviceProviderQueue(params);
  return { nextCursor: page.nextCursor, operators: [], providers: page.items };
}

function Fact({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd data-testid={testId}>{children}</dd>
    </div>
  );
}

/** Approve, or reject with a required reason: the decision on a pending application. */
function Decision({ onApprove, onReject, busy }: { onApprove: () => void; onReject: (reason: string) => void; busy: boolean }) {
  const { t } = useTranslation();
  const [rejecting, setRejecting] = useState(false);
  const [invalid, setInvalid] = useState(false);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const reason = String(new FormData(event.currentTarget).get('reason') ?? '').trim();
    const ok = lengthBetween(reason, 2, 500);
    setInvalid(!ok);
    if (ok) onReject(reason);
  }

  if (rejecting) {
    return (
      <form className="form reject-form" onSubmit={onSubmit} noValidate>
        <TextAreaField name="reason" label={t('admin.reason')} rows={3} maxLength={500} placeholder={t('admin.reasonPlaceholder')} error={invalid ? t('admin.reasonRequired') : undefined} data-testid="review-reason" />
        <div className="button-row">
          <button type="button" className="button secondary" onClick={() => setRejecting(false)} disabled={busy}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="button danger" data-testid="review-confirm-reject" disabled={busy}>
            {t('admin.confirmReject')}
          </button>
        </div>
      </form>
    );
  }
  return (
    <div className="button-row">
      <button type="button" className="button danger-outline" data-testid="review-reject" onClick={() => setRejecting(true)} disabled={busy}>
        {t('admin.reject')}
      </button>
      <button type="button" className="button primary" data-testid="review-approve" onClick={onApprove} disabled={busy}>
        {t('admin.approve')}
      </button>
    </div>
  );
}

function StatusPill({ status }: { status: ReviewStatus }) {
  const { t } = useTranslation();
  const cls = { pending: 'wait', approved: 'ok', rejected: 'bad' } as const;
  return <span className={`pill ${cls[status]}`}>{t(`admin.${status}`)}</span>;
}

function OperatorCard({ review, onOutcome }: { review: OperatorReview; onOutcome: (message: string) => void }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const language = i18n.resolvedLanguage;
  const { operator } = review;
  const done = (message: string) => {
    onOutcome(message);
    void queryClient.invalidateQueries({ queryKey: [ADMIN_KEY] });
  };
  const approve = useMutation({ mutationFn: () => api.approveOperator(operator.id), onSuccess: () => done(t('admin.outcome.approved', { name: operator.shopName })) });
  const reject = useMutation({ mutationFn: (reason: string) => api.rejectOperator(operator.id, reason), onSuccess: () => done(t('admin.outcome.rejected', { name: operator.shopName })) });
  const reverify = useMutation({
    mutationFn: () => api.reverifyOperator(operator.id),
    onSuccess: ({ operator: updated }) =>
      done(t('admin.outcome.reverified', { name: operator.shopName, date: updated.reverificationDueAt ? formatDate(updated.reverificationDueAt, language) : '' })),
  });
  const busy = approve.isPending || reject.isPending || reverify.isPending;

  return (
    <li className="card review-card" data-testid="review-card" data-id={operator.id} data-status={operator.status}>
      <div className="status-head">
        <h2 data-testid="review-shop-name">{operator.shopName}</h2>
        <StatusPill status={operator.status} />
      </div>
      <dl className="facts">
        <Fact label={t('admin.kind')}>{operator.kind === 'enterprise' ? t('shop.kindEnterprise') : t('shop.kindIndividual')}</Fact>
        <Fact label={t('admin.applicant')} testId="review-applicant">
          {review.applicant.displayName}
        </Fact>
        {review.enterprise && (
          <>
            <Fact label={t('admin.companyName')}>{review.enterprise.companyName}</Fact>
            <Fact label={t('admin.creditCode')} testId="review-credit-code">
              <span className="mono">{review.enterprise.creditCode}</span>
            </Fact>
            <Fact label={t('admin.legalRepresentative')}>{review.enterprise.legalRepresentative}</Fact>
          </>
        )}
        {review.individual && (
          <>
            <Fact label={t('admin.realName')} testId="review-real-name">
              {review.individual.realName}
            </Fact>
            <Fact label={t('admin.idNumber')} testId="review-id-number">
              <span className="mono">{review.individual.idNumberMasked}</span>
            </Fact>
          </>
        )}
        <Fact label={t('admin.contact')} testId="review-contact">
          {review.contact.phone}
          {review.contact.email ? ` · ${review.contact.email}` : ''}
        </Fact>
        <Fact label={t('admin.address')} testId="review-address">
          {review.address.region} {review.address.line}
        </Fact>
        <Fact label={t('admin.submittedAt')}>{formatDateTime(operator.createdAt, language)}</Fact>
        {operator.status === 'approved' && operator.verifiedAt && <Fact label={t('admin.verifiedAt')}>{formatDate(operator.verifiedAt, language)}</Fact>}
        {operator.status === 'approved' && operator.reverificationDueAt && (
          <Fact label={t('admin.reverificationDue')} testId="review-reverification-due">
            {formatDate(operator.reverificationDueAt, language)}
          </Fact>
        )}
        {operator.status === 'rejected' && operator.rejectReason && <Fact label={t('admin.rejectReason')}>{operator.rejectReason}</Fact>}
      </dl>
      {operator.salesSuspended && <p className="banner warning">{t('admin.suspended')}</p>}
      <ErrorBanner error={approve.error ?? reject.error ?? reverify.error} testId="review-error" />
      {operator.status === 'pending' && <Decision busy={busy} onApprove={() => approve.mutate()} onReject={(reason) => reject.mutate(reason)} />}
      {operator.status === 'approved' && (
        <button type="button" className="button secondary" data-testid="review-reverify" disabled={busy} onClick={() => reverify.mutate()}>
          {t('admin.reverify')}
        </button>
      )}
    </li>
  );
}

function ProviderCard({ review, onOutcome }: { review: ServiceProviderReview; onOutcome: (message: string) => void }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const provider = review.serviceProvider;
  const done = (message: string) => {
    onOutcome(message);
    void queryClient.invalidateQueries({ queryKey: [ADMIN_KEY] });
  };
  const approve = useMutation({ mutationFn: () => api.approveServiceProvider(provider.id), onSuccess: () => done(t('admin.outcome.approved', { name: provider.companyName })) });
  const reject = useMutation({
    mutationFn: (reason: string) => api.rejectServiceProvider(provider.id, reason),
    onSuccess: () => done(t('admin.outcome.rejected', { name: provider.companyName })),
  });
  const service = ['logistics', 'payment', 'marketing', 'other'].includes(provider.service)
    ? t(`serviceProvider.services.${provider.service as 'logistics'}`)
    : provider.service;

  return (
    <li className="card review-card" data-testid="review-card" data-id={provider.id} data-status={provider.status}>
      <div className="status-head">
        <h2>{provider.companyName}</h2>
        <StatusPill status={provider.status} />
      </div>
      <dl className="facts">
        <Fact label={t('admin.applicant')}>{review.applicant.displayName}</Fact>
        <Fact label={t('admin.creditCode')}>
          <span className="mono">{provider.creditCode}</span>
        </Fact>
        <Fact label={t('admin.service')}>{service}</Fact>
        <Fact label={t('admin.contact')}>
          {review.contact.phone}
          {review.contact.email ? ` · ${review.contact.email}` : ''}
        </Fact>
        <Fact label={t('admin.address')}>
          {review.address.region} {review.address.line}
        </Fact>
        <Fact label={t('admin.submittedAt')}>{formatDateTime(provider.createdAt, i18n.resolvedLanguage)}</Fact>
        {provider.status === 'rejected' && provider.rejectReason && <Fact label={t('admin.rejectReason')}>{provider.rejectReason}</Fact>}
      </dl>
      <ErrorBanner error={approve.error ?? reject.error} testId="review-error" />
      {provider.status === 'pending' && (
        <Decision busy={approve.isPending || reject.isPending} onApprove={() => approve.mutate()} onReject={(reason) => reject.mutate(reason)} />
      )}
    </li>
  );
}

function Queue({ tab, status, onOutcome }: { tab: Tab; status: ReviewStatus; onOutcome: (message: string) => void }) {
  const { t } = useTranslation();
  const queue = useInfiniteQuery({
    queryKey: [ADMIN_KEY, tab, status],
    queryFn: ({ pageParam }) => queuePage(tab, status, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    // Decisions by other reviewers show up without a reload.
    staleTime: 0,
  });
  if (queue.isPending) return <Loading />;
  if (queue.isError) return <ErrorBanner error={queue.error} />;
  const operators = queue.data.pages.flatMap((page) => page.operators);
  const providers = queue.data.pages.flatMap((page) => page.providers);
  if (operators.length + providers.length === 0) {
    return (
      <p className="empty" data-testid="review-empty">
        {t('admin.empty')}
      </p>
    );
  }
  return (
    <>
      <ul className="review-list" data-testid="review-list">
        {operators.map((review) => (
          <OperatorCard key={review.operator.id} review={review} onOutcome={onOutcome} />
        ))}
        {providers.map((review) => (
          <ProviderCard key={review.serviceProvider.id} review={review} onOutcome={onOutcome} />
        ))}
      </ul>
      {queue.hasNextPage && (
        <button type="button" className="button secondary" disabled={queue.isFetchingNextPage} onClick={() => void queue.fetchNextPage()}>
          {t('common.loadMore')}
        </button>
      )}
    </>
  );
}

/** The admin console: review queues for shops and service providers, pending first. */
export function AdminPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const [outcome, setOutcome] = useState<string | null>(null);
  const tab: Tab = params.get('tab') === 'providers' ? 'providers' : 'operators';
  const statusParam = params.get('status');
  const status: ReviewStatus = STATUSES.find((candidate) => candidate === statusParam) ?? 'pending';

  if (!me.roles.includes('admin')) {
    return (
      <div className="page" data-testid="admin-page">
        <PageHeader title={t('admin.title')} />
        <Notice kind="warning" testId="admin-forbidden">
          {t('admin.notAdmin')}
        </Notice>
      </div>
    );
  }

  const go = (next: { tab?: Tab; status?: ReviewStatus }) => {
    setOutcome(null);
    setParams({ tab: next.tab ?? tab, status: next.status ?? status });
  };

  return (
    <div className="page" data-testid="admin-page">
      <PageHeader title={t('admin.title')} intro={t('admin.intro')} />
      <Link to="/admin/disputes" className="button secondary" data-testid="admin-disputes-link">
        {t('disputes.admin.link')} ›
      </Link>
      <div className="segmented" role="tablist" aria-label={t('admin.tabs')}>
        {(['operators', 'providers'] as const).map((option) => (
          <button key={option} type="button" role="tab" aria-selected={tab === option} data-testid={`admin-tab-${option}`} onClick={() => go({ tab: option })}>
            {option === 'operators' ? t('admin.operators') : t('admin.serviceProviders')}
          </button>
        ))}
      </div>
      <div className="chips" role="group" aria-label={t('admin.statusFilter')}>
        {STATUSES.map((option) => (
          <button key={option} type="button" className="chip" aria-pressed={status === option} data-testid={`admin-status-${option}`} onClick={() => go({ status: option })}>
            {t(`admin.${option}`)}
          </button>
        ))}
      </div>
      {outcome && <Notice testId="admin-outcome">{outcome}</Notice>}
      <Queue key={`${tab}:${status}`} tab={tab} status={status} onOutcome={setOutcome} />
    </div>
  );
}
