import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { Loading } from '../../../ui/Loading';
import { PageHeader } from '../../../ui/PageHeader';
import { formatDateTime } from '../../../lib/format';
import { currentLanguage } from '../../../app/i18n';
import { ACCESS_LOG_KEY, CONSENTS_KEY, EXPORT_JSON_URL, EXPORT_ZIP_URL, personalFieldLabel, PRIVACY_PURPOSES, privacyApi, type AccessLogEntry, type Consent, type ConsentPurpose } from '../privacy';
import { FEED_KEY } from '../../social/api';
import { AccessReason } from '../components/AccessReason';

/**
 * /me/privacy, the privacy centre (PIPL; R6, R15): each consent on its own switch with
 * the text it stands for and that text's version — nothing is on until the user turns
 * it on, and off is the same one tap; who read my personal information; my export.
 */
export function PrivacyPage() {
  const { t } = useTranslation();
  return (
    <div className="page" data-testid="privacy-page">
      <PageHeader title={t('social.privacy.title')} intro={t('social.privacy.intro')} />
      <Consents />
      <AccessLog />
      <section className="card privacy-export" data-testid="privacy-export">
        <h2>{t('privacyCentre.export.title')}</h2>
        <p className="fine-print">{t('privacyCentre.export.intro')}</p>
        <div className="actions">
          <a className="button" href={EXPORT_JSON_URL} download data-testid="export-json">
            {t('privacyCentre.export.json')}
          </a>
          <a className="button" href={EXPORT_ZIP_URL} download data-testid="export-zip">
            {t('privacyCentre.export.zip')}
          </a>
        </div>
      </section>
      <Link to="/me/privacy/delete" className="danger-link" data-testid="privacy-delete-account">
        {t('deletion.link')}
      </Link>
    </div>
  );
}

function Consents() {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const consents = useQuery({ queryKey: CONSENTS_KEY, queryFn: privacyApi.consents });
  const set = useMutation({
    mutationFn: ({ consent, granted }: { consent: Consent; granted: boolean }) => privacyApi.setConsent(consent.purpose, granted, consent.version),
    onSuccess: async ({ consent }) => {
      queryClient.setQueryData<{ items: Consent[] }>(CONSENTS_KEY, (old) => old && { items: old.items.map((c) => (c.purpose === consent.purpose ? consent : c)) });
      await queryClient.invalidateQueries({ queryKey: [FEED_KEY] });
    },
    // A changed text: show the new one.
    onError: () => queryClient.invalidateQueries({ queryKey: CONSENTS_KEY }),
  });
  if (consents.isPending) return <Loading />;
  if (consents.isError) return <ErrorBanner error={consents.error} />;
  const byPurpose = new Map(consents.data.items.map((c) => [c.purpose, c]));
  return (
    <>
      <ul className="card consent-list">
        {PRIVACY_PURPOSES.map((purpose: ConsentPurpose) => {
          const consent = byPurpose.get(purpose);
          if (!consent) return null;
          const { granted } = consent;
          return (
            <li key={purpose} className="consent" data-testid={`consent-${purpose}`} data-granted={granted}>
              <label className="consent-row">
                <span className="consent-text">
                  <strong>{t(`privacyCentre.purposes.${purpose}`)}</strong>
                  <span className="fine-print" data-testid={`consent-text-${purpose}`}>
                    {consent.text[currentLanguage()]}
                  </span>
                  <span className="fine-print" data-testid={`consent-version-${purpose}`}>
                    {t('privacyCentre.version', { version: consent.version })}
                    {consent.at && ` · ${t('social.privacy.since', { date: formatDateTime(consent.at, i18n.resolvedLanguage) })}`}
                  </span>
                  {granted && consent.textVersion && consent.textVersion !== consent.version && (
                    <span className="fine-print warning">{t('privacyCentre.answeredOlder', { version: consent.textVersion })}</span>
                  )}
                </span>
                <span className="switch-state" data-testid={`consent-state-${purpose}`}>
                  {granted ? t('social.privacy.on') : t('social.privacy.off')}
                </span>
                <input
                  type="checkbox"
                  role="switch"
                  className="switch"
                  checked={granted}
                  disabled={set.isPending}
                  data-testid={`consent-toggle-${purpose}`}
                  onChange={(event) => set.mutate({ consent, granted: event.target.checked })}
                />
              </label>
            </li>
          );
        })}
      </ul>
      <ErrorBanner error={set.error} testId="consent-error" />
    </>
  );
}

function AccessLog() {
  const { t, i18n } = useTranslation();
  const log = useInfiniteQuery({
    queryKey: ACCESS_LOG_KEY,
    queryFn: ({ pageParam }) => privacyApi.accessLog(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const entries: AccessLogEntry[] = log.data?.pages.flatMap((p) => p.items) ?? [];
  const who = (e: AccessLogEntry) => {
    const role = t(`privacyCentre.accessLog.roles.${e.actorRole}`);
    // A shop is named; staff are a role only (their name is not the user's business).
    return e.actorRole === 'operator' && e.actorName ? `${role} · ${e.actorName}` : role;
  };
  const field = (f: string) => personalFieldLabel(t, f);
  return (
    <section className="card access-log" data-testid="access-log">
      <h2>{t('privacyCentre.accessLog.title')}</h2>
      <p className="fine-print">{t('privacyCentre.accessLog.intro')}</p>
      {log.isPending ? (
        <Loading />
      ) : log.isError ? (
        <ErrorBanner error={log.error} />
      ) : entries.length === 0 ? (
        <p data-testid="access-log-empty">{t('privacyCentre.accessLog.empty')}</p>
      ) : (
        <ul className="access-log-list">
          {entries.map((e) => (
            <li key={e.id} data-testid="access-log-entry" data-role={e.actorRole}>
              <strong>{who(e)}</strong> · {formatDateTime(e.at, i18n.resolvedLanguage)}
              <div>{e.fields.map(field).join('、')}</div>
              <div className="fine-print">
                <AccessReason reason={e.reason} />
              </div>
            </li>
          ))}
        </ul>
      )}
      {log.hasNextPage && (
        <button type="button" className="button" onClick={() => void log.fetchNextPage()} disabled={log.isFetchingNextPage}>
          {t('privacyCentre.accessLog.more')}
        </button>
      )}
    </section>
  );
}

