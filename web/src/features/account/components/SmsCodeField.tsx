import { useTranslation } from 'react-i18next';
import { Field } from '../../../ui/Field';

/** The 6-digit SMS code input of sign-up and of the phone check: the phone's keyboard offers the code from the SMS. */
export function SmsCodeField({ hint, error }: { hint?: string | undefined; error?: string | undefined }) {
  const { t } = useTranslation();
  return (
    <Field
      name="code"
      label={t('phoneVerify.code')}
      inputMode="numeric"
      autoComplete="one-time-code"
      maxLength={6}
      placeholder={t('phoneVerify.codePlaceholder')}
      hint={hint}
      error={error}
    />
  );
}
