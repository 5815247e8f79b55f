import { TEMPLATE_LANGUAGES, type TemplateLanguage } from '../templates/template-kinds';

/**
 * The languages a brand writes to debtors in, as template languages: `fr-BE` is `fr`; a language
 * without templates (e.g. `es`) is left out, and a brand with none of ours writes in English.
 */
export function brandLanguages(languages: readonly string[]): TemplateLanguage[] {
  const wanted = languages.map((l) => l.trim().toLowerCase().slice(0, 2));
  const known = [...new Set(wanted)].filter((l): l is TemplateLanguage => (TEMPLATE_LANGUAGES as readonly string[]).includes(l));
  return known.length ? known : ['en'];
}
