import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { Notice } from '../../../ui/Notice';
import { PageHeader } from '../../../ui/PageHeader';
import { ME_QUERY_KEY, type NavigationState, type Me } from '../../../app/session';
import { SIX_DIGITS, type InputProblem } from '../../../lib/validation';
import { accountApi } from '../api';
import { SmsCodeField } from '../components/SmsCodeField';
import { RESEND_AFTER_MS, useCountdown } from '../countdown';

export function PhoneVerifyPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [resendAt, setResendAt] = useState<number | null>(null);
  const [invalidCode, setInvalidCode] = useState<InputProblem | undefined>();
  const secondsLeft = useCountdown(resendAt);

  const sendCode = useMutation({
    mutationFn: accountApi.sendPhoneCode,
    onSuccess: () => setResendAt(Date.now() + RESEND_AFTER_MS),
  });
  const verify = useMutation({
    mutationFn: accountApi.verifyPhone,
    onSuccess: ({ user }) => {
      const state: NavigationState = { notice: 'phoneVerified' };
      void navigate('/me', { state });
      queryClient.setQueryData(ME_QUERY_KEY, user);
      void queryClient.invalidateQueries({ queryKey: ME_QUERY_KEY });
    },
  });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const code = String(new FormData(event.currentTarget).get('code') ?? '').trim();
    const problem = SIX_DIGITS.test(code) ? undefined : 'validation.code';
    setInvalidCode(problem);
    if (problem) return;
    sendCode.reset();
    verify.mutate(code);
  }

  if (me.phoneVerified) {
    return (
      <div className="page" data-testid="phone-page">
        <PageHeader title={t('phoneVerify.title')} />
        <Notice testId="phone-done">{t('phoneVerify.alreadyVerified')}</Notice>
      </div>
    );
  }

  return (
    <div className="page" data-testid="phone-page">
      <PageHeader title={t('phoneVerify.title')} intro={t('phoneVerify.intro', { phone: me.phoneMasked })} />
      {sendCode.isSuccess && <Notice testId="code-sent">{t('phoneVerify.sent')}</Notice>}
      <ErrorBanner error={sendCode.error ?? verify.error} />
      <button
        type="button"
        className="button secondary"
        data-testid="send-code"
        disabled={sendCode.isPending || secondsLeft > 0}
        onClick={() => {
          verify.reset();
          sendCode.mutate();
        }}
      >
        {secondsLeft > 0 ? t('phoneVerify.resendIn', { seconds: secondsLeft }) : sendCode.isSuccess ? t('phoneVerify.resend') : t('phoneVerify.send')}
      </button>
      <form className="form" onSubmit={onSubmit} noValidate>
        <SmsCodeField error={invalidCode && t(invalidCode)} />
        <button type="submit" className="button primary" data-testid="verify-code" disabled={verify.isPending}>
          {t('phoneVerify.submit')}
        </button>
      </form>
    </div>
  );
}
