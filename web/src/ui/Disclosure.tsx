import { useTranslation } from 'react-i18next';
import type { ResponseOf } from '../api/client';

/** R1: what the storefront must show, and nothing more (the server's `disclosure`). */
type Disclosure = ResponseOf<'/operators/{id}'>['disclosure'];

/**
 * R1: the operator's licence information (company name and credit code) or, for an
 * individual, the platform's registration notice, shown permanently and prominently
 * on the storefront. Only what the API's `disclosure` holds appears
 * here: never an identity number, phone or home address.
 */
export function DisclosureBlock({ disclosure, testId = 'disclosure' }: { disclosure: Disclosure; testId?: string }) {
  const { t, i18n } = useTranslation();
  const english = i18n.resolvedLanguage === 'en';
  return (
    <section className="disclosure" data-testid={testId} aria-labelledby={`${testId}-title`}>
      <h2 id={`${testId}-title`}>
        <span className="disclosure-icon" aria-hidden="true">
          ✓
        </span>
        {t('storefront.disclosureTitle')}
        <span className="disclosure-kind">{disclosure.kind === 'enterprise' ? t('storefront.enterprise') : t('storefront.individual')}</span>
      </h2>
      {disclosure.kind === 'enterprise' && (
        <dl className="facts">
          <div>
            <dt>{t('storefront.companyName')}</dt>
            <dd data-testid={`${testId}-company`}>{disclosure.companyName}</dd>
          </div>
          <div>
            <dt>{t('storefront.creditCode')}</dt>
            <dd className="mono" data-testid={`${testId}-credit-code`}>
              {disclosure.creditCode}
            </dd>
          </div>
        </dl>
      )}
      {/* A business's notice only restates its name and code, shown above as facts. */}
      {disclosure.kind === 'individual' && (
        <p className="disclosure-notice" data-testid={`${testId}-notice`}>
          {english ? disclosure.noticeEn : disclosure.notice}
        </p>
      )}
    </section>
  );
}
