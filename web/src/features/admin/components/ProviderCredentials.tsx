import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useIdempotencyKeys } from '../../../api/idempotency';
import { ConfirmDialog } from '../../../ui/ConfirmDialog';
import { CopyButton } from '../../../ui/CopyButton';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { Loading } from '../../../ui/Loading';
import { formatDateTime } from '../../../lib/format';
import { adminApi, type IssuedCredentials } from '../api';
import { ADMIN_KEY } from './ReviewParts';

/** One part of a new key pair, set apart to be read or copied whole. */
function Copyable({ label, copyLabel, value, testId }: { label: string; copyLabel: string; value: string; testId: string }) {
  const { t } = useTranslation();
  return (
    <div>
      <dt>{label}</dt>
      <dd>
        <code className="credential-secret" data-testid={testId}>
          {value}
        </code>
        <CopyButton value={value} label={copyLabel} copiedText={t('credentials.copied')} failedText={t('credentials.copyFailed')} testId={`${testId}-copy`} />
      </dd>
    </div>
  );
}

/**
 * An approved logistics provider's webhook keys (issue 17 item 5): issue the first pair,
 * or rotate (the old secret keeps verifying for 24 h). The secret is shown once, from
 * this component's state only: never cached, gone on reload, and the server never shows it again.
 */
export function ProviderCredentials({ providerId }: { providerId: string }) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage;
  const queryClient = useQueryClient();
  const keys = useIdempotencyKeys();
  const key = [ADMIN_KEY, 'credentials', providerId];
  const list = useQuery({ queryKey: key, queryFn: () => adminApi.credentials(providerId) });
  const [issued, setIssued] = useState<IssuedCredentials | null>(null);
  const [asking, setAsking] = useState(false);
  const issue = useMutation({
    mutationFn: () => keys.send({ credentials: providerId }, (idempotencyKey) => adminApi.issueCredentials(providerId, idempotencyKey)),
    onSuccess: (answer) => {
      setIssued(answer);
      void queryClient.invalidateQueries({ queryKey: key });
    },
    onSettled: () => setAsking(false),
  });
  const items = list.data?.items ?? [];
  const rotating = items.length > 0;

  return (
    <section className="credentials" data-testid="credentials" aria-labelledby={`credentials-${providerId}`}>
      <h3 id={`credentials-${providerId}`}>{t('credentials.title')}</h3>
      <p className="fine-print">{t('credentials.intro')}</p>
      {issued && (
        <div className="banner warning" role="alert" data-testid="credentials-issued">
          <strong>{t('credentials.onceTitle')}</strong>
          <p>{t('credentials.onceBody')}</p>
          <dl className="facts">
            <Copyable label={t('credentials.keyId')} copyLabel={t('credentials.copyKeyId')} value={issued.keyId} testId="credentials-key-id" />
            <Copyable label={t('credentials.secret')} copyLabel={t('credentials.copySecret')} value={issued.secret} testId="credentials-secret" />
          </dl>
          <button type="button" className="button secondary" data-testid="credentials-hide" onClick={() => setIssued(null)}>
            {t('credentials.saved')}
          </button>
        </div>
      )}
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorBanner error={list.error} testId="credentials-error" />
      ) : items.length === 0 ? (
        <p className="empty" data-testid="credentials-none">
          {t('credentials.none')}
        </p>
      ) : (
        <>
          <h4>{t('credentials.existing')}</h4>
          <ul className="credential-list" data-testid="credentials-list">
            {items.map((item) => (
              <li key={item.keyId} data-testid="credentials-item" data-active={item.active}>
                <code>{item.keyId}</code>{' '}
                <span className={`pill ${!item.active ? 'muted' : item.expiresAt ? 'wait' : 'ok'}`}>
                  {!item.active ? t('credentials.expired') : item.expiresAt ? t('credentials.retiring') : t('credentials.active')}
                </span>
                <br />
                <span className="fine-print">
                  {t('credentials.issuedAt', { date: formatDateTime(item.createdAt, language) })}
                  {item.expiresAt && ` · ${t('credentials.expiresAt', { date: formatDateTime(item.expiresAt, language) })}`}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
      <ErrorBanner error={issue.error} testId="credentials-issue-error" />
      <button
        type="button"
        className="button secondary"
        disabled={issue.isPending || list.isPending}
        data-testid={rotating ? 'credentials-rotate' : 'credentials-issue'}
        onClick={() => (rotating ? setAsking(true) : issue.mutate())}
      >
        {rotating ? t('credentials.rotate') : t('credentials.issue')}
      </button>
      <ConfirmDialog
        open={asking}
        title={t('credentials.rotateTitle')}
        confirmLabel={t('credentials.rotateYes')}
        cancelLabel={t('credentials.rotateNo')}
        busy={issue.isPending}
        testId="credentials-rotate-dialog"
        onConfirm={() => issue.mutate()}
        onCancel={() => setAsking(false)}
      >
        <p>{t('credentials.rotateBody')}</p>
      </ConfirmDialog>
    </section>
  );
}
