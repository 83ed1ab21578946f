import { useMutation, useQueryClient } from '@tanstack/react-query';
import QRCode from 'qrcode';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { Field } from '../../../ui/Field';
import { Notice } from '../../../ui/Notice';
import { PageHeader } from '../../../ui/PageHeader';
import { ME_QUERY_KEY, type NavigationState, type Me } from '../../../app/session';
import { SIX_DIGITS, type InputProblem } from '../../../lib/validation';
import { accountApi } from '../api';

/** Enrol an authenticator app: the server makes a secret, the app scans it, one code proves it. */
async function startEnrolment(): Promise<{ secret: string; qrDataUrl: string }> {
  const { secret, otpauthUrl } = await accountApi.startTotp();
  const qrDataUrl = await QRCode.toDataURL(otpauthUrl, { margin: 1, width: 220, errorCorrectionLevel: 'M' });
  return { secret, qrDataUrl };
}

/** "JBSWY3DPEHPK3PXP" → "JBSW Y3DP EHPK 3PXP", easier to type by hand. */
function groupsOfFour(secret: string): string {
  return secret.replace(/(.{4})(?=.)/g, '$1 ');
}

export function TotpPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [invalidCode, setInvalidCode] = useState<InputProblem | undefined>();
  const enrol = useMutation({ mutationFn: startEnrolment });
  const confirm = useMutation({
    mutationFn: accountApi.verifyTotp,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ME_QUERY_KEY });
      const state: NavigationState = { notice: 'totpEnabled' };
      void navigate('/me', { state });
    },
  });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const code = String(new FormData(event.currentTarget).get('code') ?? '').trim();
    const problem = SIX_DIGITS.test(code) ? undefined : 'validation.code';
    setInvalidCode(problem);
    if (!problem) confirm.mutate(code);
  }

  if (me.totpEnabled) {
    return (
      <div className="page" data-testid="totp-page">
        <PageHeader title={t('totp.title')} />
        <Notice testId="totp-done">{t('totp.alreadyEnabled')}</Notice>
      </div>
    );
  }

  return (
    <div className="page" data-testid="totp-page">
      <PageHeader title={t('totp.title')} intro={t('totp.intro')} />
      <ErrorBanner error={enrol.error ?? confirm.error} />
      {!enrol.data ? (
        <button type="button" className="button primary" data-testid="totp-start" disabled={enrol.isPending} onClick={() => enrol.mutate()}>
          {t('totp.start')}
        </button>
      ) : (
        <>
          <section className="card totp-setup">
            <p>{t('totp.scan')}</p>
            <img className="qr" src={enrol.data.qrDataUrl} alt={t('totp.qrAlt')} width={220} height={220} data-testid="totp-qr" />
            <p className="muted">{t('totp.secretLabel')}</p>
            <code className="secret" data-testid="totp-secret" data-secret={enrol.data.secret}>
              {groupsOfFour(enrol.data.secret)}
            </code>
          </section>
          <form className="form" onSubmit={onSubmit} noValidate>
            <Field
              name="code"
              label={t('totp.code')}
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={6}
              placeholder={t('totp.codePlaceholder')}
              error={invalidCode && t(invalidCode)}
            />
            <button type="submit" className="button primary" data-testid="totp-submit" disabled={confirm.isPending}>
              {t('totp.submit')}
            </button>
          </form>
        </>
      )}
    </div>
  );
}
