import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorBanner } from '../components/ErrorBanner';
import { Loading } from '../components/Loading';
import { PageHeader } from '../components/PageHeader';
import { formatDateTime } from '../format';
import { CONSENT_PURPOSES, FEED_KEY, socialApi, type Consent, type ConsentPurpose } from '../social';

const CONSENTS_KEY = ['consents'] as const;

/**
 * /me/privacy: each consent on its own switch (PIPL; R6 personalised_feed, R15):
 * nothing is on until the user turns it on, and off is the same one tap.
 */
export function PrivacyPage() {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const consents = useQuery({ queryKey: CONSENTS_KEY, queryFn: socialApi.consents });
  const set = useMutation({
    mutationFn: ({ purpose, granted }: { purpose: ConsentPurpose; granted: boolean }) => socialApi.setConsent(purpose, granted),
    onSuccess: async ({ consent }) => {
      queryClient.setQueryData<{ items: Consent[] }>(CONSENTS_KEY, (old) => old && { items: old.items.map((c) => (c.purpose === consent.purpose ? consent : c)) });
      await queryClient.invalidateQueries({ queryKey: [FEED_KEY] });
    },
  });
  const byPurpose = new Map(consents.data?.items.map((c) => [c.purpose, c]));

  return (
    <div className="page" data-testid="privacy-page">
      <PageHeader title={t('social.privacy.title')} intro={t('social.privacy.intro')} />
      {consents.isPending ? (
        <Loading />
      ) : consents.isError ? (
        <ErrorBanner error={consents.error} />
      ) : (
        <ul className="card consent-list">
          {CONSENT_PURPOSES.map((purpose) => {
            const consent = byPurpose.get(purpose);
            const granted = consent?.granted ?? false;
            return (
              <li key={purpose} className="consent" data-testid={`consent-${purpose}`} data-granted={granted}>
                <label className="consent-row">
                  <span className="consent-text">
                    <strong>{t(`social.privacy.purposes.${purpose}`)}</strong>
                    <span className="fine-print">{t(`social.privacy.hints.${purpose}`)}</span>
                    {consent?.at && <span className="fine-print">{t('social.privacy.since', { date: formatDateTime(consent.at, i18n.resolvedLanguage) })}</span>}
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
                    onChange={(event) => set.mutate({ purpose, granted: event.target.checked })}
                  />
                </label>
              </li>
            );
          })}
        </ul>
      )}
      <ErrorBanner error={set.error} testId="consent-error" />
      <Link to="/me/privacy/delete" className="danger-link" data-testid="privacy-delete-account">
        {t('deletion.link')}
      </Link>
    </div>
  );
}
