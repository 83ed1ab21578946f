import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { formatDate, formatDateTime } from '../../../lib/format';
import { ADMIN_KEY, Decision, Fact, StatusPill } from './ReviewParts';
import { adminApi, type OperatorReview, type ServiceProviderReview } from '../api';
import { ProviderCredentials } from './ProviderCredentials';

/** A shop's application (or approved shop, for re-verification) in the review queue. */
export function OperatorCard({ review, onOutcome }: { review: OperatorReview; onOutcome: (message: string) => void }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const language = i18n.resolvedLanguage;
  const { operator } = review;
  const done = (message: string) => {
    onOutcome(message);
    void queryClient.invalidateQueries({ queryKey: [ADMIN_KEY] });
  };
  const approve = useMutation({ mutationFn: () => adminApi.approveOperator(operator.id), onSuccess: () => done(t('admin.outcome.approved', { name: operator.shopName })) });
  const reject = useMutation({ mutationFn: (reason: string) => adminApi.rejectOperator(operator.id, reason), onSuccess: () => done(t('admin.outcome.rejected', { name: operator.shopName })) });
  const reverify = useMutation({
    mutationFn: () => adminApi.reverifyOperator(operator.id),
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

/** A service provider's application in the review queue. */
export function ProviderCard({ review, onOutcome }: { review: ServiceProviderReview; onOutcome: (message: string) => void }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const provider = review.serviceProvider;
  const done = (message: string) => {
    onOutcome(message);
    void queryClient.invalidateQueries({ queryKey: [ADMIN_KEY] });
  };
  const approve = useMutation({ mutationFn: () => adminApi.approveServiceProvider(provider.id), onSuccess: () => done(t('admin.outcome.approved', { name: provider.companyName })) });
  const reject = useMutation({
    mutationFn: (reason: string) => adminApi.rejectServiceProvider(provider.id, reason),
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
      {/* Only an approved carrier pushes tracking events, signed with the keys issued here. */}
      {provider.status === 'approved' && provider.service === 'logistics' && <ProviderCredentials providerId={provider.id} />}
    </li>
  );
}
