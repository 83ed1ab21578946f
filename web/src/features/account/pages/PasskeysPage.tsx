import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { Field } from '../../../ui/Field';
import { Loading } from '../../../ui/Loading';
import { Notice } from '../../../ui/Notice';
import { PageHeader } from '../../../ui/PageHeader';
import { formatDateTime } from '../../../lib/format';
import { addPasskey, refreshPasskeys, usePasskeys } from '../passkeys';
import { accountApi, type Passkey } from '../api';

/** The server takes a name of 1–40 characters. */
const NAME_MAX = 40;

function PasskeyRow({ passkey, onRemoved }: { passkey: Passkey; onRemoved: () => Promise<void> }) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage;
  const remove = useMutation({ mutationFn: () => accountApi.removePasskey(passkey.id), onSuccess: onRemoved });
  return (
    <li className="row-card" data-testid="passkey" data-passkey-id={passkey.id}>
      <div className="row-head">
        <h3 data-testid="passkey-name">{passkey.name}</h3>
        <button
          type="button"
          className="link-button danger"
          disabled={remove.isPending}
          data-testid="passkey-remove"
          onClick={() => {
            if (window.confirm(t('passkeys.removeConfirm', { name: passkey.name }))) remove.mutate();
          }}
        >
          {t('common.remove')}
        </button>
      </div>
      <dl className="facts">
        <div>
          <dt>{t('passkeys.createdAt')}</dt>
          <dd data-testid="passkey-created">{formatDateTime(passkey.createdAt, language)}</dd>
        </div>
        <div>
          <dt>{t('passkeys.lastUsedAt')}</dt>
          <dd data-testid="passkey-last-used">{passkey.lastUsedAt ? formatDateTime(passkey.lastUsedAt, language) : t('passkeys.neverUsed')}</dd>
        </div>
      </dl>
      <ErrorBanner error={remove.error} testId="passkey-remove-error" />
    </li>
  );
}

/** /me/passkeys: the passkeys that can confirm large payments (D4), one added per device. */
export function PasskeysPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const passkeys = usePasskeys();
  const [name, setName] = useState(() => t('passkeys.defaultName'));
  const [nameProblem, setNameProblem] = useState(false);
  const add = useMutation({ mutationFn: addPasskey, onSuccess: () => refreshPasskeys(queryClient) });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const trimmed = name.trim();
    const bad = trimmed.length === 0 || trimmed.length > NAME_MAX;
    setNameProblem(bad);
    if (!bad) add.mutate(trimmed);
  }

  return (
    <div className="page" data-testid="passkeys-page">
      <PageHeader title={t('passkeys.title')} intro={t('passkeys.intro')} />
      {add.isSuccess && <Notice testId="passkey-added">{t('passkeys.added', { name: add.data.name })}</Notice>}
      <section className="card">
        <h2>{t('passkeys.listTitle')}</h2>
        {passkeys.isPending ? (
          <Loading />
        ) : passkeys.isError ? (
          <ErrorBanner error={passkeys.error} testId="passkeys-error" />
        ) : passkeys.data.items.length === 0 ? (
          <p className="muted" data-testid="passkeys-empty">
            {t('passkeys.empty')}
          </p>
        ) : (
          <ul className="rows" data-testid="passkeys-list">
            {passkeys.data.items.map((passkey) => (
              <PasskeyRow key={passkey.id} passkey={passkey} onRemoved={() => refreshPasskeys(queryClient)} />
            ))}
          </ul>
        )}
      </section>
      <form className="card form" onSubmit={onSubmit} noValidate data-testid="passkey-form">
        <h2>{t('passkeys.addTitle')}</h2>
        <Field
          name="name"
          label={t('passkeys.name')}
          hint={t('passkeys.nameHint')}
          maxLength={NAME_MAX}
          value={name}
          onChange={(event) => setName(event.target.value)}
          error={nameProblem ? t('passkeys.nameHint') : undefined}
          data-testid="passkey-name-input"
        />
        <ErrorBanner error={add.error} testId="passkey-add-error" />
        <button type="submit" className="button primary" disabled={add.isPending} data-testid="passkey-add">
          {add.isPending ? t('passkeys.adding') : t('passkeys.add')}
        </button>
      </form>
    </div>
  );
}
