import { useTranslation } from 'react-i18next';
import type { ContactField } from '../registration';
import type { InputProblem } from '../../../lib/validation';
import { Field } from '../../../ui/Field';

/** Contact phone, email (optional), region and street address: one block of an application form. */
export function ContactFields({ invalid }: { invalid: Partial<Record<ContactField, InputProblem>> }) {
  const { t } = useTranslation();
  return (
    <fieldset className="form-section">
      <legend>{t('shop.contactSection')}</legend>
      <Field
        name="contactPhone"
        label={t('shop.contactPhone')}
        type="tel"
        inputMode="numeric"
        autoComplete="tel-national"
        maxLength={11}
        placeholder={t('auth.phonePlaceholder')}
        error={invalid.contactPhone && t(invalid.contactPhone)}
      />
      <Field
        name="email"
        label={t('common.optionalLabel', { label: t('shop.email') })}
        type="email"
        autoComplete="email"
        maxLength={100}
        error={invalid.email && t(invalid.email)}
      />
      <Field name="region" label={t('shop.region')} maxLength={60} placeholder={t('shop.regionPlaceholder')} error={invalid.region && t(invalid.region)} />
      <Field name="line" label={t('shop.line')} autoComplete="street-address" maxLength={200} placeholder={t('shop.linePlaceholder')} error={invalid.line && t(invalid.line)} />
    </fieldset>
  );
}
