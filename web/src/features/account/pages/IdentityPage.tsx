import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { Field } from '../../../ui/Field';
import { Notice } from '../../../ui/Notice';
import { PageHeader } from '../../../ui/PageHeader';
import { currentLanguage } from '../../../app/i18n';
import { CONSENTS_KEY, privacyApi } from '../privacy';
import { ME_QUERY_KEY, type NavigationState, type Me } from '../../../app/session';
import { ID_NUMBER_SHAPE, type InputProblem } from '../../../lib/validation';
import { accountApi } from '../api';

type Invalid = Partial<Record<'realName' | 'idNumber', InputProblem>> & { consent?: boolean };

/**
 * Real-name verification (R15, D4): the server checks the number's checksum, date and
 * age. An identity number is sensitive personal information, so its consent is asked
 * on its own, with its text, before anything is sent (PIPL art. 29).
 */
export function IdentityPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [invalid, setInvalid] = useState<Invalid>({});
  const consents = useQuery({ queryKey: CONSENTS_KEY, queryFn: privacyApi.consents, enabled: !me.identityVerified });
  const consent = consents.data?.items.find((c) => c.purpose === 'sensitive_identity');
  const verify = useMutation({
    mutationFn: async (input: { realName: string; idNumber: string }) => {
      if (consent && !consent.granted) await privacyApi.setConsent('sensitive_identity', true, consent.version);
      return accountApi.verifyIdentity(input);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: CONSENTS_KEY }),
    onSuccess: ({ user }) => {
      const state: NavigationState = { notice: 'identityVerified' };
      void navigate('/me', { state });
      queryClient.setQueryData(ME_QUERY_KEY, user);
      void queryClient.invalidateQueries({ queryKey: ME_QUERY_KEY });
    },
  });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const realName = String(form.get('realName') ?? '').trim();
    const idNumber = String(form.get('idNumber') ?? '')
      .replace(/\s/g, '')
      .toUpperCase();
    const problems: Invalid = {};
    if (realName.length < 2) problems.realName = 'validation.realName';
    if (!ID_NUMBER_SHAPE.test(idNumber)) problems.idNumber = 'validation.idNumber';
    if (!consent?.granted && form.get('sensitiveConsent') !== 'on') problems.consent = true;
    setInvalid(problems);
    if (Object.keys(problems).length === 0) verify.mutate({ realName, idNumber });
  }

  if (me.identityVerified) {
    return (
      <div className="page" data-testid="identity-page">
        <PageHeader title={t('identity.title')} />
        <Notice testId="identity-done">{t('identity.alreadyVerified')}</Notice>
      </div>
    );
  }

  return (
    <div className="page" data-testid="identity-page">
      <PageHeader title={t('identity.title')} intro={t('identity.intro')} />
      {!me.phoneVerified && (
        <Notice kind="warning" testId="identity-needs-phone">
          {t('identity.needPhone')}{' '}
          <Link to="/me/phone" data-testid="identity-to-phone">
            {t('me.flowPhone')} ›
          </Link>
        </Notice>
      )}
      <ErrorBanner error={verify.error} />
      <form className="form" onSubmit={onSubmit} noValidate>
        <Field
          name="realName"
          label={t('identity.realName')}
          autoComplete="name"
          maxLength={30}
          placeholder={t('identity.realNamePlaceholder')}
          error={invalid.realName && t(invalid.realName)}
        />
        <Field
          name="idNumber"
          label={t('identity.idNumber')}
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          maxLength={18}
          placeholder={t('identity.idNumberPlaceholder')}
          error={invalid.idNumber && t(invalid.idNumber)}
        />
        <p className="fine-print">{t('identity.privacy')}</p>
        {consent && (
          <fieldset className="consent-separate" data-testid="identity-consent">
            <legend>{t('privacyCentre.sensitive.title')}</legend>
            <p className="fine-print" data-testid="identity-consent-text">
              {consent.text[currentLanguage()]} ({t('privacyCentre.version', { version: consent.version })})
            </p>
            <label>
              <input type="checkbox" name="sensitiveConsent" defaultChecked={consent.granted} disabled={consent.granted} data-testid="identity-consent-checkbox" />{' '}
              {t('privacyCentre.sensitive.agree')}
            </label>
            {invalid.consent && (
              <p className="field-error" role="alert" data-testid="identity-consent-required">
                {t('privacyCentre.sensitive.required')}
              </p>
            )}
          </fieldset>
        )}
        <button type="submit" className="button primary" data-testid="identity-submit" disabled={verify.isPending || consents.isPending}>
          {t('identity.submit')}
        </button>
      </form>
    </div>
  );
}
