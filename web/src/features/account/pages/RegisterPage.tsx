import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { Field } from '../../../ui/Field';
import type { NavigationState } from '../../../app/session';
import { PHONE_PATTERN, type InputProblem } from '../../../lib/validation';
import { accountApi } from '../api';

type Invalid = Partial<Record<'phone' | 'password' | 'displayName', InputProblem>>;

export function RegisterPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [invalid, setInvalid] = useState<Invalid>({});
  const register = useMutation({
    mutationFn: accountApi.register,
    onSuccess: (_result, input) => {
      const state: NavigationState = { notice: 'registered', phone: input.phone };
      void navigate('/login', { state });
    },
  });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const phone = String(form.get('phone') ?? '').trim();
    const password = String(form.get('password') ?? '');
    const displayName = String(form.get('displayName') ?? '').trim();
    const problems: Invalid = {};
    if (!PHONE_PATTERN.test(phone)) problems.phone = 'validation.phone';
    if (password.length < 8) problems.password = 'validation.password';
    if (displayName.length < 1 || displayName.length > 30) problems.displayName = 'validation.displayName';
    setInvalid(problems);
    if (Object.keys(problems).length === 0) register.mutate({ phone, password, displayName });
  }

  return (
    <div className="page" data-testid="register-page">
      <title>{`${t('auth.registerTitle')} · ${t('app.name')}`}</title>
      <h1>{t('auth.registerTitle')}</h1>
      <p className="muted">{t('auth.registerIntro')}</p>
      <ErrorBanner error={register.error} />
      <form className="form" onSubmit={onSubmit} noValidate>
        <Field
          name="phone"
          label={t('auth.phone')}
          type="tel"
          inputMode="numeric"
          autoComplete="tel-national"
          maxLength={11}
          placeholder={t('auth.phonePlaceholder')}
          error={invalid.phone && t(invalid.phone)}
        />
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
