/**
 * Translations: zh-CN first (the default), English second. The reader's choice is
 * kept in localStorage so it survives reloads, and in the `agora_lang` cookie so the
 * server renders the first screen in it (src/http/pages.ts). Without a choice the app
 * starts in the language the server rendered the page in: zh-CN, or English for a
 * browser that asks for English first, so the app taking over changes no word.
 *
 * Only the zh-CN texts of the shell and the home feed are in the first bundle (issue 16 item 2:
 * the first load stays small). The rest of zh-CN (locales/zh-CN-more.ts) comes with the first
 * other page (`loadAllTexts`, called by lazyPage.tsx); English (~18 KB gzipped, every key) is a
 * chunk of its own, loaded before the first render when it is the stored choice and when the
 * reader switches to it. main.tsx renders after `i18nReady`.
 */
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
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

/** Texts are plain nested objects; `Messages` (every key of every feature) is what t() is checked against. */
type Texts = Record<string, unknown>;

const loaders: Record<Language, () => Promise<Texts>> = {
  'zh-CN': () => Promise.resolve(zhCN),
  en: () => import('./locales/en').then((m) => m.en),
};

/** Adds a language's texts once; a failed fetch is not remembered, so the next switch tries again. */
async function ensureLoaded(language: Language): Promise<void> {
  if (!i18n.hasResourceBundle(language, 'translation')) i18n.addResourceBundle(language, 'translation', await loaders[language]());
}

let moreTexts: Promise<void> | undefined;

/** The zh-CN texts of every feature (also the fallback of a missing English key): before any page but the home feed is drawn. */
export function loadAllTexts(): Promise<void> {
  // After i18next's init: an English reader's first page is preloaded while the English texts are
  // still on their way (main.tsx), and a bundle added before init throws ("addResourceBundle is not a function").
  return (moreTexts ??= Promise.all([import('./locales/zh-CN-more'), i18nReady]).then(
    ([m]) => {
      i18n.addResourceBundle(DEFAULT_LANGUAGE, 'translation', m.zhCNMore, true, false);
    },
    (error: unknown) => {
      moreTexts = undefined;
      throw error;
    },
  ));
}

/** The default language's texts are bundled; the reader's other choice is fetched first (zh-CN if that fails). */
async function start(): Promise<void> {
  const stored = storedLanguage();
  const resources: Partial<Record<Language, { translation: Texts }>> = { 'zh-CN': { translation: zhCN } };
  if (stored !== DEFAULT_LANGUAGE) {
    resources[stored] = await loaders[stored]().then(
      (translation) => ({ translation }),
      () => undefined,
    );
  }
  await i18n.use(initReactI18next).init({
    resources,
    partialBundledLanguages: true,
    lng: resources[stored] ? stored : DEFAULT_LANGUAGE,
    fallbackLng: DEFAULT_LANGUAGE,
    supportedLngs: [...LANGUAGES],
    interpolation: { escapeValue: false }, // React escapes already.
    returnNull: false,
  });
  document.documentElement.lang = i18n.language;
}

export const i18nReady: Promise<void> = start();

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
  await ensureLoaded(language);
  await i18n.changeLanguage(language);
}

export function currentLanguage(): Language {
  return isLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : DEFAULT_LANGUAGE;
}

export default i18n;
