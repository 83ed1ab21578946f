import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { isValidCreditCode, normaliseCreditCode } from '../../../lib/checks';
import { ContactFields } from '../components/ContactFields';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { Field, SelectField } from '../../../ui/Field';
import { Loading } from '../../../ui/Loading';
import { Notice } from '../../../ui/Notice';
import { PageHeader } from '../../../ui/PageHeader';
import { formatDateTime } from '../../../lib/format';
import { lengthBetween, readContact, REGISTRATIONS_KEY, text, type ContactField } from '../registration';
import { revealFirstProblem } from '../../../ui/reveal';
import type { InputProblem } from '../../../lib/validation';
import type { Me } from '../../../app/session';
import { shopApi, type ServiceKind, type ServiceProvider } from '../api';

const SERVICES: ServiceKind[] = ['logistics', 'payment', 'marketing', 'other'];
type Invalid = Partial<Record<ContactField | 'companyName' | 'creditCode', InputProblem>>;

function isServiceKind(value: string): value is ServiceKind {
  return (SERVICES as string[]).includes(value);
}

function ProviderForm({ previous, onSubmitted }: { previous: ServiceProvider | undefined; onSubmitted: (provider: ServiceProvider) => void }) {
  const { t } = useTranslation();
  const [invalid, setInvalid] = useState<Invalid>({});
  const register = useMutation({ mutationFn: shopApi.registerServiceProvider, onSuccess: ({ serviceProvider }) => onSubmitted(serviceProvider) });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const companyName = text(form, 'companyName');
    const creditCode = normaliseCreditCode(text(form, 'creditCode'));
    const service = text(form, 'service');
    const { contact, address, problems: contactProblems } = readContact(form);
    const problems: Invalid = { ...contactProblems };
    if (!lengthBetween(companyName, 2, 100)) problems.companyName = 'validation.companyName';
    if (!isValidCreditCode(creditCode)) problems.creditCode = 'validation.creditCode';
    setInvalid(problems);
    if (Object.keys(problems).length > 0) revealFirstProblem(event.currentTarget);
    if (Object.keys(problems).length === 0 && isServiceKind(service)) register.mutate({ companyName, creditCode, service, contact, address });
  }

  return (
    <form className="form" onSubmit={onSubmit} noValidate data-testid="provider-form">
      <fieldset className="form-section">
        <legend>{t('shop.enterpriseSection')}</legend>
        <Field name="companyName" label={t('serviceProvider.companyName')} maxLength={100} defaultValue={previous?.companyName} error={invalid.companyName && t(invalid.companyName)} />
        <Field
          name="creditCode"
          label={t('serviceProvider.creditCode')}
          maxLength={22}
          autoCapitalize="characters"
          spellCheck={false}
          autoComplete="off"
          placeholder={t('shop.creditCodePlaceholder')}
          defaultValue={previous?.creditCode}
          error={invalid.creditCode && t(invalid.creditCode)}
        />
        <SelectField name="service" label={t('serviceProvider.service')} defaultValue={previous && isServiceKind(previous.service) ? previous.service : 'logistics'}>
          {SERVICES.map((service) => (
            <option key={service} value={service}>
              {t(`serviceProvider.services.${service}`)}
            </option>
          ))}
        </SelectField>
      </fieldset>
      <ContactFields invalid={invalid} />
      <p className="fine-print">{t('shop.privacy')}</p>
      <ErrorBanner error={register.error} />
      <button type="submit" className="button primary" data-testid="provider-submit" disabled={register.isPending}>
        {register.isPending ? t('common.submitting') : t('serviceProvider.submit')}
      </button>
    </form>
  );
}

/** D1: service providers are registered businesses; they apply here and follow the review. */
export function ServiceProviderPage({ me }: { me: Me }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const registrations = useQuery({ queryKey: REGISTRATIONS_KEY, queryFn: shopApi.registrations });
  const [filingAgain, setFilingAgain] = useState(false);
  const [submitted, setSubmitted] = useState(false);
  const language = i18n.resolvedLanguage;

  if (registrations.isPending) return <Loading />;
  const providers = registrations.data?.serviceProviders ?? [];
  const current = providers.find((provider) => provider.status !== 'rejected') ?? providers[0];
  const showForm = registrations.isSuccess && (!current || (current.status === 'rejected' && filingAgain));
  const statusLabel = { pending: t('shop.statusPending'), approved: t('shop.statusApproved'), rejected: t('shop.statusRejected') } as const;
  const statusBody = { pending: t('serviceProvider.pendingBody'), approved: t('serviceProvider.approvedBody'), rejected: t('serviceProvider.rejectedBody') } as const;
  const pillClass = { pending: 'wait', approved: 'ok', rejected: 'bad' } as const;

  return (
    <div className="page" data-testid="service-provider-page">
      <PageHeader title={t('serviceProvider.title')} intro={t('serviceProvider.intro')} />
      <ErrorBanner error={registrations.error} />
      {submitted && current?.status === 'pending' && <Notice testId="provider-notice">{t('serviceProvider.submitted')}</Notice>}
      {showForm && !me.identityVerified && (
        <Notice kind="warning" testId="provider-needs-identity">
          {t('shop.needIdentity')}{' '}
          <Link to="/me/identity">{t('shop.goIdentity')} ›</Link>
        </Notice>
      )}
      {showForm ? (
        <ProviderForm
          previous={current}
          onSubmitted={(provider) => {
            if (registrations.data) queryClient.setQueryData(REGISTRATIONS_KEY, { ...registrations.data, serviceProviders: [provider, ...providers] });
            void queryClient.invalidateQueries({ queryKey: REGISTRATIONS_KEY });
            setFilingAgain(false);
            setSubmitted(true);
            window.scrollTo(0, 0);
          }}
        />
      ) : (
        current && (
          <section className="card status-card" data-testid="provider-status" data-status={current.status}>
            <div className="status-head">
              <h2>{current.companyName}</h2>
              <span className={`pill ${pillClass[current.status]}`}>{statusLabel[current.status]}</span>
            </div>
            <p>{statusBody[current.status]}</p>
            {current.status === 'approved' && (
              <Link to="/provider/disputes" className="button secondary" data-testid="provider-disputes-link">
                {t('disputes.inbox.providerTitle')} ›
              </Link>
            )}
            {current.status === 'rejected' && current.rejectReason && <p className="banner error">{t('shop.rejectReason', { reason: current.rejectReason })}</p>}
            <dl className="facts">
              <div>
                <dt>{t('serviceProvider.creditCode')}</dt>
                <dd className="mono">{current.creditCode}</dd>
              </div>
              <div>
                <dt>{t('serviceProvider.service')}</dt>
                <dd>{isServiceKind(current.service) ? t(`serviceProvider.services.${current.service}`) : current.service}</dd>
              </div>
              <div>
                <dt>{t('shop.submittedAt')}</dt>
                <dd>{formatDateTime(current.createdAt, language)}</dd>
              </div>
            </dl>
            {current.status === 'rejected' && (
              <button type="button" className="button primary" data-testid="provider-file-again" onClick={() => setFilingAgain(true)}>
                {t('shop.fileAgain')}
              </button>
            )}
          </section>
        )
      )}
    </div>
  );
}
