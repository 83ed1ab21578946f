/**
 * Translations: zh-CN first (the default), English second. The reader's choice is
 * kept in localStorage so it survives reloads, and in the `agora_lang` cookie so the
 * server renders the first screen in it (src/http/pages.ts). Without a choice the app
 * starts in the language the server rendered the page in: zh-CN, or English for a
 * browser that asks for English first, so the app taking over changes no word.
 */
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './locales/en';
import { zhCN, type Messages } from './locales/zh-CN';

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'zh-CN';
export const LANGUAGE_STORAGE_KEY = 'agora.language';
/** Read by the server (src/http/pages.ts LANGUAGE_COOKIE). */
const LANGUAGE_COOKIE = 'agora_lang';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: Messages };
  }
}

function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** The page's own language as the server rendered it, else the default. */
function renderedLanguage(): Language {
  const lang = document.documentElement.lang;
  return isLanguage(lang) ? lang : DEFAULT_LANGUAGE;
}

function storedLanguage(): Language {
  try {
    const value = localStorage.getItem(LANGUAGE_STORAGE_KEY);
    if (!isLanguage(value)) return renderedLanguage();
    tellServer(value); // a choice made before the cookie existed reaches the server too
    return value;
  } catch {
    // Storage can be off (private mode, strict settings): fall back to the page's language.
    return renderedLanguage();
  }
}

/** The server renders the next page in this language (a year; sent with every page request). */
function tellServer(language: Language): void {
  document.cookie = `${LANGUAGE_COOKIE}=${language}; path=/; max-age=31536000; samesite=lax`;
}

void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
  lng: storedLanguage(),
  fallbackLng: DEFAULT_LANGUAGE,
  supportedLngs: [...LANGUAGES],
  interpolation: { escapeValue: false }, // React escapes already.
  returnNull: false,
});

document.documentElement.lang = i18n.language;
i18n.on('languageChanged', (language) => {
  document.documentElement.lang = language;
});

/** Switch the UI language and remember the choice. */
export async function setLanguage(language: Language): Promise<void> {
  try {
    localStorage.setItem(LANGUAGE_STORAGE_KEY, language);
  } catch {
    // Not remembered, but still switched for this visit.
  }
  tellServer(language);
  await i18n.changeLanguage(language);
}

export function currentLanguage(): Language {
  return isLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : DEFAULT_LANGUAGE;
}

export default i18n;
