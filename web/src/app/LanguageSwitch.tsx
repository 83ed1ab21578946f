import { useTranslation } from 'react-i18next';
import { LANGUAGES, setLanguage, type Language } from './i18n';

/** 中文 | EN: switches at once and is remembered in localStorage. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const labels: Record<Language, string> = { 'zh-CN': t('language.zh'), en: t('language.en') };
  return (
    <div className="language-switch" role="group" aria-label={t('language.label')}>
      {LANGUAGES.map((language) => (
        <button
          key={language}
          type="button"
          lang={language}
          data-testid={`lang-${language}`}
          aria-pressed={i18n.resolvedLanguage === language}
          onClick={() => void setLanguage(language)}
        >
          {labels[language]}
        </button>
      ))}
    </div>
  );
}
