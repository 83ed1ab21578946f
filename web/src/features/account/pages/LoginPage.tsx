import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { Field } from '../../../ui/Field';
import { Notice } from '../../../ui/Notice';
import { ME_QUERY_KEY, useNavigationState } from '../../../app/session';
import { PHONE_PATTERN, type InputProblem } from '../../../lib/validation';
import { accountApi } from '../api';

type Invalid = Partial<Record<'phone' | 'password', InputProblem>>;

export function LoginPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { notice, phone: registeredPhone, from } = useNavigationState();
  const [invalid, setInvalid] = useState<Invalid>({});
  const login = useMutation({
    mutationFn: accountApi.login,
    onSuccess: ({ user }) => {
      // The server has set the session cookie; the response's token is for API clients and is not kept.
      void navigate(from && from !== '/login' ? from : '/me', { replace: true });
      queryClient.setQueryData(ME_QUERY_KEY, user);
    },
  });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const phone = String(form.get('phone') ?? '').trim();
    const password = String(form.get('password') ?? '');
    const problems: Invalid = {};
    if (!PHONE_PATTERN.test(phone)) problems.phone = 'validation.phone';
    if (!password) problems.password = 'validation.passwordRequired';
    setInvalid(problems);
    if (Object.keys(problems).length === 0) login.mutate({ phone, password });
  }

  const noticeText =
    notice === 'registered' ? t('auth.registered') : notice === 'loggedOut' ? t('auth.loggedOut') : notice === 'signInRequired' ? t('auth.signInRequired') : null;

  return (
    <div className="page" data-testid="login-page">
      <title>{`${t('auth.loginTitle')} · ${t('app.name')}`}</title>
      <h1>{t('auth.loginTitle')}</h1>
      <p className="muted">{t('auth.loginIntro')}</p>
      {noticeText && !login.error && (
        <Notice kind={notice === 'signInRequired' ? 'info' : 'success'} testId="login-notice">
          {noticeText}
        </Notice>
      )}
      <ErrorBanner error={login.error} />
      <form className="form" onSubmit={onSubmit} noValidate>
        <Field
          name="phone"
          label={t('auth.phone')}
          type="tel"
          inputMode="numeric"
          autoComplete="username"
          maxLength={11}
          placeholder={t('auth.phonePlaceholder')}
          defaultValue={registeredPhone}
          error={invalid.phone && t(invalid.phone)}
        />
        <Field name="password" label={t('auth.password')} type="password" autoComplete="current-password" error={invalid.password && t(invalid.password)} />
        <button type="submit" className="button primary" data-testid="login-submit" disabled={login.isPending}>
          {t('auth.loginSubmit')}
        </button>
      </form>
      <p className="switch-link">
        {t('auth.noAccount')}{' '}
        <Link to="/register" data-testid="to-register">
          {t('auth.toRegister')}
        </Link>
      </p>
    </div>
  );
}
