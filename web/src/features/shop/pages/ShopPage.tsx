import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { isValidCreditCode, isValidIdNumber, normaliseCreditCode, normaliseIdNumber } from '../../../lib/checks';
import { ContactFields } from '../components/ContactFields';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { Field } from '../../../ui/Field';
import { Loading } from '../../../ui/Loading';
import { Notice } from '../../../ui/Notice';
import { PageHeader } from '../../../ui/PageHeader';
import { formatDateTime } from '../../../lib/format';
import { currentRegistration, lengthBetween, readContact, REGISTRATIONS_KEY, text, type ContactField } from '../registration';
import { revealFirstProblem } from '../../../ui/reveal';
import { ID_NUMBER_SHAPE, type InputProblem } from '../../../lib/validation';
import { ShopDashboard } from '../components/ShopDashboard';
import type { Me } from '../../../app/session';
import { shopApi, type Operator, type OperatorInput, type OperatorKind } from '../api';
import { accountApi } from '../../account/api';

type OperatorField = ContactField | 'shopName' | 'companyName' | 'creditCode' | 'legalRepresentative' | 'realName' | 'idNumber';
type Invalid = Partial<Record<OperatorField, InputProblem>>;

/**
 * D1, D2: a shop registers as a business (licence, credit code) or as an individual with its own verified
 * identity. Verified, the individual is not asked again: the form shows the identity masked and sends none,
 * and the server uses the verified one (issue 16).
 */
function OperatorForm({ me, previous, onSubmitted }: { me: Me; previous: Operator | undefined; onSubmitted: (operator: Operator) => void }) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<OperatorKind>(previous?.kind ?? 'enterprise');
  const identity = useQuery({ queryKey: ['me', 'identity'], queryFn: accountApi.ownIdentity, enabled: me.identityVerified && kind === 'individual' });
  const verified = identity.data?.verified ? identity.data : null;
  const [invalid, setInvalid] = useState<Invalid>({});
  const register = useMutation({ mutationFn: shopApi.registerOperator, onSuccess: ({ operator }) => onSubmitted(operator) });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const shopName = text(form, 'shopName');
    const { contact, address, problems: contactProblems } = readContact(form);
    const problems: Invalid = { ...contactProblems };
    if (!lengthBetween(shopName, 2, 40)) problems.shopName = 'validation.shopName';
    const input: OperatorInput = { kind, shopName, contact, address };
    if (kind === 'enterprise') {
      const companyName = text(form, 'companyName');
      const creditCode = normaliseCreditCode(text(form, 'creditCode'));
      const legalRepresentative = text(form, 'legalRepresentative');
      if (!lengthBetween(companyName, 2, 100)) problems.companyName = 'validation.companyName';
      if (!isValidCreditCode(creditCode)) problems.creditCode = 'validation.creditCode';
      if (!lengthBetween(legalRepresentative, 2, 30)) problems.legalRepresentative = 'validation.legalRepresentative';
      input.enterprise = { companyName, creditCode, legalRepresentative };
    } else if (!verified) {
      const realName = text(form, 'realName');
      const idNumber = normaliseIdNumber(text(form, 'idNumber'));
      if (!lengthBetween(realName, 2, 30)) problems.realName = 'validation.realName';
      if (!ID_NUMBER_SHAPE.test(idNumber)) problems.idNumber = 'validation.idNumber';
      else if (!isValidIdNumber(idNumber)) problems.idNumber = 'validation.idNumberChecksum';
      input.individual = { realName, idNumber };
    }
    setInvalid(problems);
    if (Object.keys(problems).length > 0) revealFirstProblem(event.currentTarget);
    if (Object.keys(problems).length === 0) register.mutate(input);
  }

  const error = (field: OperatorField) => {
    const problem = invalid[field];
    return problem && t(problem);
  };

  return (
    <form className="form" onSubmit={onSubmit} noValidate data-testid="operator-form">
      <fieldset className="form-section">
        <legend>{t('shop.kind')}</legend>
        <div className="choice-group" role="radiogroup" aria-label={t('shop.kind')}>
          {(['enterprise', 'individual'] as const).map((option) => (
            <label key={option} className={`choice ${kind === option ? 'selected' : ''}`} data-testid={`kind-${option}`}>
              <input type="radio" name="kind" value={option} checked={kind === option} onChange={() => setKind(option)} />
              <span className="choice-title">{option === 'enterprise' ? t('shop.kindEnterprise') : t('shop.kindIndividual')}</span>
              <span className="choice-hint">{option === 'enterprise' ? t('shop.kindEnterpriseHint') : t('shop.kindIndividualHint')}</span>
            </label>
          ))}
        </div>
        <Field name="shopName" label={t('shop.shopName')} maxLength={40} placeholder={t('shop.shopNamePlaceholder')} defaultValue={previous?.shopName} error={error('shopName')} />
      </fieldset>
      {kind === 'enterprise' ? (
        <fieldset className="form-section" key="enterprise">
          <legend>{t('shop.enterpriseSection')}</legend>
          <Field
            name="companyName"
            label={t('shop.companyName')}
            maxLength={100}
            placeholder={t('shop.companyNamePlaceholder')}
            defaultValue={previous?.disclosure.companyName}
            error={error('companyName')}
          />
          <Field
            name="creditCode"
            label={t('shop.creditCode')}
            maxLength={22}
            autoCapitalize="characters"
            spellCheck={false}
            autoComplete="off"
            placeholder={t('shop.creditCodePlaceholder')}
            defaultValue={previous?.disclosure.creditCode}
            error={error('creditCode')}
          />
          <Field name="legalRepresentative" label={t('shop.legalRepresentative')} maxLength={30} error={error('legalRepresentative')} />
        </fieldset>
      ) : (
        <fieldset className="form-section" key="individual">
          <legend>{t('shop.individualSection')}</legend>
          {verified ? (
            <>
              <p className="hint">{t('shop.individualVerifiedHint')}</p>
              <dl className="facts" data-testid="verified-identity">
                <div>
                  <dt>{t('shop.realName')}</dt>
                  <dd data-testid="verified-name">{verified.realNameMasked}</dd>
                </div>
                <div>
                  <dt>{t('shop.idNumber')}</dt>
                  <dd className="mono" data-testid="verified-id-number">
                    {verified.idNumberMasked}
                  </dd>
                </div>
              </dl>
            </>
          ) : (
            <>
              <p className="hint">{t('shop.individualHint')}</p>
              <Field name="realName" label={t('shop.realName')} autoComplete="name" maxLength={30} placeholder={t('identity.realNamePlaceholder')} error={error('realName')} />
              <Field
                name="idNumber"
                label={t('shop.idNumber')}
                autoComplete="off"
                autoCapitalize="characters"
                spellCheck={false}
                maxLength={18}
                placeholder={t('identity.idNumberPlaceholder')}
                error={error('idNumber')}
              />
            </>
          )}
        </fieldset>
      )}
      <ContactFields invalid={invalid} />
      <p className="fine-print">{t('shop.privacy')}</p>
      <ErrorBanner error={register.error} />
      <button type="submit" className="button primary" data-testid="operator-submit" disabled={register.isPending}>
        {register.isPending ? t('common.submitting') : t('shop.submit')}
      </button>
    </form>
  );
}

/** A registration that is not (or not yet) a shop: under review, or rejected with the reason. */
function RegistrationStatus({ operator, onFileAgain }: { operator: Operator; onFileAgain: () => void }) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage;
  const rejected = operator.status === 'rejected';
  return (
    <section className="card status-card" data-testid="operator-status" data-status={operator.status}>
      <div className="status-head">
        <h2>{operator.shopName}</h2>
        <span className={`pill ${rejected ? 'bad' : 'wait'}`} data-testid="operator-status-label">
          {rejected ? t('shop.statusRejected') : t('shop.statusPending')}
        </span>
      </div>
      <p>{rejected ? t('shop.rejectedBody') : t('shop.pendingBody')}</p>
      {rejected && operator.rejectReason && (
        <p className="banner error" data-testid="operator-reject-reason">
          {t('shop.rejectReason', { reason: operator.rejectReason })}
        </p>
      )}
      <dl className="facts">
        <div>
          <dt>{t('shop.kind')}</dt>
          <dd>{operator.kind === 'enterprise' ? t('shop.kindEnterprise') : t('shop.kindIndividual')}</dd>
        </div>
        <div>
          <dt>{t('shop.submittedAt')}</dt>
          <dd>{formatDateTime(operator.createdAt, language)}</dd>
        </div>
        {operator.reviewedAt && (
          <div>
            <dt>{t('shop.reviewedAt')}</dt>
            <dd>{formatDateTime(operator.reviewedAt, language)}</dd>
          </div>
        )}
      </dl>
      {rejected && (
        <button type="button" className="button primary" data-testid="operator-file-again" onClick={onFileAgain}>
          {t('shop.fileAgain')}
        </button>
      )}
    </section>
  );
}

/**
 * The operator console: apply, follow the review, or, once approved, run the shop.
 * Which one shows follows GET /me/registrations (currentRegistration). An approved
 * shop's sections (orders, products, deposit, disputes) are routes of its console.
 */
export function ShopPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const registrations = useQuery({ queryKey: REGISTRATIONS_KEY, queryFn: shopApi.registrations });
  const [filingAgain, setFilingAgain] = useState(false);
  const [submitted, setSubmitted] = useState(false);

  if (registrations.isPending) return <Loading />;
  if (registrations.isError) {
    return (
      <div className="page" data-testid="shop-page">
        <PageHeader title={t('shop.title')} />
        <ErrorBanner error={registrations.error} />
        <button type="button" className="button secondary" data-testid="retry" onClick={() => void registrations.refetch()}>
          {t('common.retry')}
        </button>
      </div>
    );
  }

  const operators = registrations.data.operators;
  const current = currentRegistration(operators);
  if (current?.status === 'approved') return <ShopDashboard operator={current} />;

  const showForm = !current || (current.status === 'rejected' && filingAgain);
  return (
    <div className="page" data-testid="shop-page">
      <PageHeader title={t('shop.title')} intro={showForm ? t('shop.intro') : undefined} />
      {submitted && current?.status === 'pending' && <Notice testId="shop-notice">{t('shop.submitted')}</Notice>}
      {showForm && !me.identityVerified && (
        <Notice kind="warning" testId="shop-needs-identity">
          {t('shop.needIdentity')}{' '}
          <Link to="/me/identity" data-testid="shop-to-identity">
            {t('shop.goIdentity')} ›
          </Link>
        </Notice>
      )}
      {showForm ? (
        <OperatorForm
          me={me}
          previous={current}
          onSubmitted={(operator) => {
            queryClient.setQueryData(REGISTRATIONS_KEY, { ...registrations.data, operators: [operator, ...operators] });
            void queryClient.invalidateQueries({ queryKey: REGISTRATIONS_KEY });
            setFilingAgain(false);
            setSubmitted(true);
            window.scrollTo(0, 0);
          }}
        />
      ) : (
        current && <RegistrationStatus operator={current} onFileAgain={() => setFilingAgain(true)} />
      )}
      <p className="switch-link">
        <Link to="/service-provider" data-testid="shop-to-service-provider">
          {t('shop.serviceProviderLink')}
        </Link>
      </p>
    </div>
  );
}
