import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ApiError } from '../../../api/client';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { Field } from '../../../ui/Field';
import { Notice } from '../../../ui/Notice';
import { ME_QUERY_KEY, useNavigationState } from '../../../app/session';
import { PHONE_PATTERN, SIX_DIGITS, type InputProblem } from '../../../lib/validation';
import { accountApi } from '../api';
import { SmsCodeField } from '../components/SmsCodeField';
import { RESEND_AFTER_MS, useCountdown } from '../countdown';

type Invalid = Partial<Record<'phone' | 'code' | 'password' | 'displayName', InputProblem>>;

/**
 * Sign-up proves the phone on one screen (issue 16): the phone, 获取验证码 (then a 60 s countdown
 * before it can be sent again), the code field once it is sent, password and name; the account is
 * created signed in, its phone verified, so the "verify your phone" step never shows for it.
 */
export function RegisterPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { from } = useNavigationState();
  const [phone, setPhone] = useState('');
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [resendAt, setResendAt] = useState<number | null>(null);
  const [invalid, setInvalid] = useState<Invalid>({});
  const secondsLeft = useCountdown(resendAt);

  const sendCode = useMutation({
    mutationFn: accountApi.sendSignupCode,
    onSuccess: (result, sent) => {
      setSentTo(sent);
      setResendAt(Date.now() + (result.resendAfter * 1000 || RESEND_AFTER_MS));
    },
    // Too many codes: the countdown shows the server's wait.
    onError: (error) => {
      if (error instanceof ApiError && error.retryAfter !== undefined) setResendAt(Date.now() + error.retryAfter * 1000);
    },
  });
  const register = useMutation({
    mutationFn: accountApi.register,
    onSuccess: ({ user }) => {
      // The server has set the session cookie: the new account is signed in.
      queryClient.setQueryData(ME_QUERY_KEY, user);
      void navigate(from && from !== '/login' && from !== '/register' ? from : '/me', { replace: true });
    },
  });

  function onSend() {
    const number = phone.trim();
    const problem = PHONE_PATTERN.test(number) ? undefined : 'validation.phone';
    setInvalid((current) => ({ ...current, phone: problem }));
    if (problem) return;
    register.reset();
    sendCode.mutate(number);
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const number = phone.trim();
    const code = String(form.get('code') ?? '').trim();
    const password = String(form.get('password') ?? '');
    const displayName = String(form.get('displayName') ?? '').trim();
    const problems: Invalid = {};
    if (!PHONE_PATTERN.test(number)) problems.phone = 'validation.phone';
    if (sentTo === null) problems.code = 'validation.codeFirst';
    else if (!SIX_DIGITS.test(code)) problems.code = 'validation.code';
    if (password.length < 8) problems.password = 'validation.password';
    if (displayName.length < 1 || displayName.length > 30) problems.displayName = 'validation.displayName';
    setInvalid(problems);
    if (Object.keys(problems).length > 0) return;
    sendCode.reset();
    register.mutate({ phone: number, code, password, displayName });
  }

  const sendLabel = secondsLeft > 0 ? t('phoneVerify.resendIn', { seconds: secondsLeft }) : sentTo ? t('phoneVerify.resend') : t('auth.getCode');

  return (
    <div className="page" data-testid="register-page">
      <title>{`${t('auth.registerTitle')} · ${t('app.name')}`}</title>
      <h1>{t('auth.registerTitle')}</h1>
      <p className="muted">{t('auth.registerIntro')}</p>
      {sendCode.isSuccess && !register.error && (
        <Notice testId="code-sent">{t('auth.codeSent', { phone: `${sentTo?.slice(0, 3) ?? ''}****${sentTo?.slice(7) ?? ''}` })}</Notice>
      )}
      <ErrorBanner
        error={sendCode.error ?? register.error}
        links={{ PHONE_TAKEN: { to: '/login', label: t('auth.toLogin'), testId: 'taken-to-login' } }}
      />
      <form className="form" onSubmit={onSubmit} noValidate>
        <Field
          name="phone"
          label={t('auth.phone')}
          type="tel"
          inputMode="numeric"
          autoComplete="tel-national"
          maxLength={11}
          placeholder={t('auth.phonePlaceholder')}
          value={phone}
          onChange={(event) => setPhone(event.target.value)}
          error={invalid.phone && t(invalid.phone)}
        />
        <button type="button" className="button secondary" data-testid="send-code" disabled={sendCode.isPending || secondsLeft > 0} onClick={onSend}>
          {sendLabel}
        </button>
        {sentTo !== null ? (
          <SmsCodeField hint={t('auth.codeHint')} error={invalid.code && t(invalid.code)} />
        ) : (
          invalid.code && (
            <p className="field-error" data-testid="code-error">
              {t(invalid.code)}
            </p>
          )
        )}
        <Field
          name="password"
          label={t('auth.password')}
          type="password"
          autoComplete="new-password"
          hint={t('auth.passwordHint')}
          error={invalid.password && t(invalid.password)}
        />
        <Field
          name="displayName"
          label={t('auth.displayName')}
          autoComplete="nickname"
          maxLength={30}
          placeholder={t('auth.displayNamePlaceholder')}
          error={invalid.displayName && t(invalid.displayName)}
        />
        <button type="submit" className="button primary" data-testid="register-submit" disabled={register.isPending}>
          {t('auth.registerSubmit')}
        </button>
      </form>
      <p className="switch-link">
        {t('auth.haveAccount')}{' '}
        <Link to="/login" data-testid="to-login">
          {t('auth.toLogin')}
        </Link>
      </p>
    </div>
  );
}
