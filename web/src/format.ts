import { useTranslation } from 'react-i18next';
import { minorDigitsOf } from './amount';

/** The locale amounts and dates are written in: the user's language as written in Belgium (the agency's country). */
export function localeOf(language: string): string {
  return language === 'en' ? 'en-GB' : `${language.slice(0, 2)}-BE`;
}

/** A minor-unit amount (a string of digits, as the API sends it) as an exact decimal string. */
export function decimalOf(minor: string | bigint, currency: string): string {
  const digits = minorDigitsOf(currency);
  const n = BigInt(minor);
  const sign = n < 0n ? '-' : '';
  const abs = (n < 0n ? -n : n).toString().padStart(digits + 1, '0');
  return digits ? `${sign}${abs.slice(0, -digits)}.${abs.slice(-digits)}` : `${sign}${abs}`;
}

/**
 * `1.234,56 €` in nl-BE, `1 234,56 €` in fr-BE, `1.234,56 €` in de-BE, `€1,234.56` in English.
 * Belgian usage puts the sign after the amount in every language (CLDR's nl-BE puts it first).
 */
export function formatMoney(minor: string | bigint, currency: string, locale: string): string {
  const format = new Intl.NumberFormat(locale, { style: 'currency', currency });
  // A decimal string keeps every cent exact, whatever the size.
  const parts = format.formatToParts(decimalOf(minor, currency) as unknown as number);
  if (!locale.endsWith('-BE') || parts[parts.length - 1]?.type === 'currency') return parts.map((p) => p.value).join('');
  const symbol = parts.find((p) => p.type === 'currency')?.value ?? currency;
  const number = parts
    .filter((p) => p.type !== 'currency' && p.type !== 'literal')
    .map((p) => p.value)
    .join('');
  return `${number}\u00a0${symbol}`;
}

export function formatDate(iso: string, locale: string): string {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(iso) ? new Date(`${iso}T12:00:00Z`) : new Date(iso);
  return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'Europe/Brussels' }).format(date);
}

export function formatDateTime(iso: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Brussels' }).format(new Date(iso));
}

/** Formatting in the user's current language. */
export function useFormat() {
  const { i18n } = useTranslation();
  const locale = localeOf(i18n.language);
  return {
    locale,
    money: (minor: string | bigint | null | undefined, currency: string) => (minor == null ? '—' : formatMoney(minor, currency, locale)),
    date: (iso: string | null | undefined) => (iso ? formatDate(iso, locale) : '—'),
    dateTime: (iso: string | null | undefined) => (iso ? formatDateTime(iso, locale) : '—'),
  };
}
