import { createI18n } from 'vue-i18n';
import { type Locale, MESSAGE_PARTS } from './parts.ts';

export type { Locale } from './parts.ts';

const STORAGE_KEY = 'huying.locale';

function messagesOf(locale: Locale) {
  return Object.fromEntries(Object.entries(MESSAGE_PARTS).map(([name, part]) => [name, part[locale]]));
}

function initialLocale(): Locale {
  const saved = globalThis.localStorage?.getItem(STORAGE_KEY);
  if (saved === 'en' || saved === 'zh-CN') return saved;
  // Chinese first: only a browser that asks for English and not Chinese starts in English.
  const languages = globalThis.navigator?.languages ?? [];
  const english = languages.findIndex((one) => one.startsWith('en'));
  const chinese = languages.findIndex((one) => one.startsWith('zh'));
  return english >= 0 && (chinese < 0 || english < chinese) ? 'en' : 'zh-CN';
}

export const i18n = createI18n({
  legacy: false,
  locale: initialLocale(),
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': messagesOf('zh-CN'), en: messagesOf('en') },
});

export function currentLocale(): Locale {
  return i18n.global.locale.value as Locale;
}

export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale;
  globalThis.localStorage?.setItem(STORAGE_KEY, locale);
  document.documentElement.lang = locale;
}
