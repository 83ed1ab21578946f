import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { Field } from '../../../ui/Field';
import { Loading } from '../../../ui/Loading';
import { Notice } from '../../../ui/Notice';
import { PageHeader } from '../../../ui/PageHeader';
import { BLOCKER_LINKS, deletionApi, type ContentChoice } from '../deletion';
import { ME_QUERY_KEY } from '../../../app/session';
import { ApiError } from '../../../api/client';
import { everyValue } from '../../../api/enums';

const ERASED = ['vault', 'sessions', 'nickname', 'consents'] as const;
const KEPT = ['records', 'purge', 'consents'] as const;
const CHOICES = everyValue<ContentChoice>()(['anonymise', 'delete']);

/**
 * /me/privacy/delete (PIPL art. 47; R4, R15): the consequences spelled out — what is
 * erased, what the law keeps three years and why, what happens to the user's content
 * — then the blocks with links to resolve them, or the password and the final button.
 */
export function AccountDeletionPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const check = useQuery({ queryKey: ['deletion-check'], queryFn: deletionApi.check });
  const [content, setContent] = useState<ContentChoice>('anonymise');
  const [password, setPassword] = useState('');
  const erase = useMutation({
    mutationFn: deletionApi.erase,
    // Every session is gone: forget everything cached for this user (but "who is logged in"
    // until the user leaves this page, or RequireUser would send them to log in before they read it).
    onSuccess: () => queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== ME_QUERY_KEY[0] }),
    onError: () => setPassword(''),
  });

  if (erase.data) {
    return (
      <div className="page" data-testid="deletion-done">
        <PageHeader title={t('deletion.doneTitle')} />
        <Notice testId="deletion-pseudonym">{t('deletion.done', { pseudonym: erase.data.pseudonym })}</Notice>
        <Link to="/" className="button primary" data-testid="deletion-home" onClick={() => queryClient.setQueryData(ME_QUERY_KEY, null)}>
          {t('deletion.home')}
        </Link>
      </div>
    );
  }

  const blockers = check.data?.blockers ?? [];
  const badPassword = erase.error instanceof ApiError && erase.error.code === 'BAD_PASSWORD';

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    erase.mutate({ password, content });
  }

  return (
    <div className="page" data-testid="deletion-page">
      <PageHeader title={t('deletion.title')} intro={t('deletion.intro')} back={{ to: '/me/privacy', label: t('social.privacy.title') }} />
      <Consequences title={t('deletion.erasedTitle')} items={ERASED.map((key) => t(`deletion.erased.${key}`))} testId="deletion-erased" />
      <Consequences title={t('deletion.keptTitle')} items={KEPT.map((key) => t(`deletion.kept.${key}`))} testId="deletion-kept" />
      {check.isPending ? (
        <Loading />
      ) : check.isError ? (
        <ErrorBanner error={check.error} />
      ) : blockers.length > 0 ? (
        <Notice kind="warning" testId="deletion-blocked">
          <strong>{t('deletion.blockedTitle')}</strong>
          <ul>
            {blockers.map((b) => (
              <li key={b.code} data-testid={`deletion-blocker-${b.code}`}>
                {t(`deletion.blockers.${b.code}`, { count: b.count })}{' '}
                <Link to={BLOCKER_LINKS[b.code]}>{t('deletion.resolve')}</Link>
              </li>
            ))}
          </ul>
        </Notice>
      ) : (
        <form className="card" onSubmit={onSubmit} data-testid="deletion-form">
          <fieldset>
            <legend>{t('deletion.contentTitle')}</legend>
            {CHOICES.map((choice) => (
              <label key={choice} className="choice">
                <input type="radio" name="content" value={choice} checked={content === choice} onChange={() => setContent(choice)} data-testid={`deletion-content-${choice}`} />
                <span>
                  <strong>{t(`deletion.content.${choice}`)}</strong>
                  <span className="fine-print">{t(`deletion.content.${choice}Hint`)}</span>
                </span>
              </label>
            ))}
          </fieldset>
          <Field
            name="password"
            type="password"
            autoComplete="current-password"
            label={t('deletion.password')}
            hint={t('deletion.passwordHint')}
            error={badPassword ? t('deletion.badPassword') : undefined}
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            required
            data-testid="deletion-password"
          />
          {!badPassword && <ErrorBanner error={erase.error} />}
          <button type="submit" className="button danger-outline" disabled={erase.isPending || password.length === 0} data-testid="deletion-confirm">
            {erase.isPending ? t('deletion.deleting') : t('deletion.confirm')}
          </button>
        </form>
      )}
    </div>
  );
}

function Consequences({ title, items, testId }: { title: string; items: string[]; testId: string }) {
  return (
    <section className="card">
      <h2>{title}</h2>
      <ul data-testid={testId}>
        {items.map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>
    </section>
  );
}
