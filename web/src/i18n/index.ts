import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { common } from './common';

export const LANGUAGES = ['nl', 'fr', 'de', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const LANGUAGE_NAMES: Record<Language, string> = { nl: 'Nederlands', fr: 'Français', de: 'Deutsch', en: 'English' };

/** One namespace's messages in the four languages; English is the fallback for a missing key. */
export type Messages = Record<Language, Record<string, unknown>>;

const STORED = 'amicus.language';

export const isLanguage = (l: unknown): l is Language => typeof l === 'string' && (LANGUAGES as readonly string[]).includes(l);

function initialLanguage(): Language {
  const stored = localStorage.getItem(STORED);
  if (isLanguage(stored)) return stored;
  const browser = navigator.language.slice(0, 2).toLowerCase();
  return isLanguage(browser) ? browser : 'en';
}

void i18n.use(initReactI18next).init({
  lng: initialLanguage(),
  fallbackLng: 'en',
  supportedLngs: [...LANGUAGES],
  ns: ['common'],
  defaultNS: 'common',
  interpolation: { escapeValue: false },
  resources: Object.fromEntries(LANGUAGES.map((l) => [l, { common: common[l] }])),
});
document.documentElement.lang = i18n.language;
i18n.on('languageChanged', (l) => (document.documentElement.lang = l));

/** An audience's messages, added when its code is loaded (each audience is its own chunk). */
export function addMessages(ns: string, messages: Messages): void {
  for (const l of LANGUAGES) i18n.addResourceBundle(l, ns, messages[l], true, true);
}

/** The user's choice, kept for the next visit on this device. */
export function setLanguage(l: Language, remember = true): void {
  if (remember) localStorage.setItem(STORED, l);
  void i18n.changeLanguage(l);
}

export default i18n;
