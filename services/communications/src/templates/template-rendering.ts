/**
 * Renders a template source with a context. HTML parts escape every value (Handlebars' `{{ }}`;
 * validation refuses `{{{ }}}`), text parts (subject, plain text, SMS) are not HTML and are not
 * escaped. Strict mode: a name missing from the context throws instead of printing nothing, so a
 * letter never goes out with a blank where an amount should be. Amounts and dates are formatted
 * per language with Intl, from integer minor units (no floating point anywhere).
 */
import Handlebars from 'handlebars';
import { DomainError } from '@amicus/errors';
import type { CalendarDate } from '@amicus/calendar';
import type { Money } from '@amicus/money';
import type { TemplateLanguage } from './template-kinds';
import type { TemplateContext } from './template-variables';
import { TEMPLATE_HELPERS } from './template-validation';

export type RenderMode = 'html' | 'text';

export interface RenderOptions {
  language: TemplateLanguage;
  /** BCP 47 locale for amounts and dates; default: the language as spoken in Belgium (en: en-GB). */
  locale?: string;
  mode: RenderMode;
}

const DEFAULT_LOCALES: Record<TemplateLanguage, string> = { nl: 'nl-BE', fr: 'fr-BE', de: 'de-BE', en: 'en-GB' };

/** The locale for a language and the debtor's country (`nl` + `NL` → `nl-NL`), when Intl knows it. */
export function localeFor(language: TemplateLanguage, country?: string): string {
  if (country) {
    const candidate = `${language}-${country.toUpperCase()}`;
    if (Intl.NumberFormat.supportedLocalesOf([candidate]).length) return candidate;
  }
  return DEFAULT_LOCALES[language];
}

/** `1234.56` from 123456n (or "123456"): decimal text built with integer arithmetic. */
export function minorUnitsToDecimal(amountMinor: bigint | string, fractionDigits = 2): string {
  const minor = typeof amountMinor === 'bigint' ? amountMinor : parseMinor(amountMinor);
  const negative = minor < 0n;
  const absolute = negative ? -minor : minor;
  const scale = 10n ** BigInt(fractionDigits);
  const fraction = fractionDigits ? `.${(absolute % scale).toString().padStart(fractionDigits, '0')}` : '';
  return `${negative ? '-' : ''}${absolute / scale}${fraction}`;
}

/** An amount as the debtor reads it: `€ 1.234,56` (nl-BE), `1 234,56 €` (fr-BE), `€1,234.56` (en-GB). */
export function formatMoney(money: Money, locale: string): string {
  const format = new Intl.NumberFormat(locale, { style: 'currency', currency: money.currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  // Intl formats a decimal string exactly (no conversion to a binary float).
  return format.format(minorUnitsToDecimal(money.amountMinor, digits) as unknown as number);
}

/** A calendar date in words: `22 januari 2025`, `22 janvier 2025`, `22. Januar 2025`. */
export function formatDate(date: CalendarDate, locale: string, style: 'long' | 'short' = 'long'): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw DomainError.invalid([{ field: 'date', reason: `"${date}" is not a YYYY-MM-DD calendar date` }]);
  const instant = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return new Intl.DateTimeFormat(locale, { dateStyle: style, timeZone: 'UTC' }).format(instant);
}

type Compiled = Handlebars.TemplateDelegate;
const COMPILE_CACHE_LIMIT = 500;

/** One private Handlebars environment with exactly the helpers validation allows. */
const environment = Handlebars.create();
const knownHelpers = { ...Object.fromEntries(Object.keys(TEMPLATE_HELPERS).map((name) => [name, true])), lookup: false, log: false };
environment.unregisterHelper('lookup');
environment.unregisterHelper('log');
const cache = new Map<string, Compiled>();

function localeOf(options: Handlebars.HelperOptions): string {
  return (options.data as { locale: string }).locale;
}
function modeOf(options: Handlebars.HelperOptions): RenderMode {
  return (options.data as { mode: RenderMode }).mode;
}

environment.registerHelper('money', (value: unknown, options: Handlebars.HelperOptions) => formatMoney(asMoney(value), localeOf(options)));
environment.registerHelper('date', (value: unknown, options: Handlebars.HelperOptions) => {
  if (typeof value !== 'string') throw DomainError.invalid([{ field: 'date', reason: 'expects a YYYY-MM-DD string' }]);
  return formatDate(value, localeOf(options));
});
environment.registerHelper('isZero', (value: unknown) => asMoney(value).amountMinor === 0n);
environment.registerHelper('eq', (left: unknown, right: unknown) => left === right);
environment.registerHelper('multiline', (value: unknown, options: Handlebars.HelperOptions) => {
  const lines = (Array.isArray(value) ? value.map(String) : String(value ?? '').split(/\r?\n/)).filter((line) => line.trim() !== '');
  if (modeOf(options) === 'text') return lines.join('\n');
  // Each line escaped, then joined with <br>: the only HTML a value may bring is the line break.
  return new Handlebars.SafeString(lines.map((line) => Handlebars.escapeExpression(line)).join('<br>'));
});

export function renderTemplate(source: string, context: TemplateContext, options: RenderOptions): string {
  const template = compiled(source, options.mode);
  const locale = options.locale ?? DEFAULT_LOCALES[options.language];
  try {
    return template(context, { data: { locale, mode: options.mode } });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw DomainError.invalid([{ field: 'template', reason: `cannot render: ${message}` }]);
  }
}

function compiled(source: string, mode: RenderMode): Compiled {
  const key = `${mode}\u0000${source}`;
  let template = cache.get(key);
  if (!template) {
    template = environment.compile(source, { strict: true, noEscape: mode === 'text', knownHelpers, knownHelpersOnly: true });
    if (cache.size >= COMPILE_CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
    cache.set(key, template);
  }
  return template;
}

/** An amount a helper finds in the context; one read back from JSON has its minor units as a string. */
function asMoney(value: unknown): Money {
  if (value && typeof value === 'object' && 'amountMinor' in value && 'currency' in value && typeof value.currency === 'string') {
    const { amountMinor, currency } = value;
    if (typeof amountMinor === 'bigint') return { amountMinor, currency };
    if (typeof amountMinor === 'string') return { amountMinor: parseMinor(amountMinor), currency };
  }
  throw DomainError.invalid([{ field: 'money', reason: 'expects an amount { amountMinor, currency }' }]);
}

function parseMinor(text: string): bigint {
  if (!/^-?\d+$/.test(text))
    throw DomainError.invalid([{ field: 'amountMinor', reason: `"${text}" is not a whole number of minor units` }]);
  return BigInt(text);
}
