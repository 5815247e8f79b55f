/** Countries and languages as placement files write them: ISO codes, or their names in nl/fr/en/de. */

// Region codes ICU knows that are not current ISO 3166-1 countries: reserved, withdrawn
// (BU, CS, DD, SU, YU, ZR …) or user-assigned.
const NOT_COUNTRIES = new Set([
  'AC',
  'CP',
  'CQ',
  'DG',
  'EA',
  'EU',
  'EZ',
  'IC',
  'QO',
  'TA',
  'UN',
  'XA',
  'XB',
  'XK',
  'ZZ',
  'AN',
  'BU',
  'CS',
  'DD',
  'DY',
  'FX',
  'HV',
  'NH',
  'RH',
  'SU',
  'TP',
  'UK',
  'VD',
  'YD',
  'YU',
  'ZR',
]);
const countryNames = new Map<string, string>();
const isoCountries = new Set<string>();
{
  const names = ['en', 'nl', 'fr', 'de'].map((locale) => new Intl.DisplayNames([locale], { type: 'region', fallback: 'none' }));
  for (let first = 65; first <= 90; first++) {
    for (let second = 65; second <= 90; second++) {
      const code = String.fromCharCode(first, second);
      if (NOT_COUNTRIES.has(code) || names[0]?.of(code) === undefined) continue;
      isoCountries.add(code);
      for (const display of names) {
        const name = display.of(code);
        if (name) countryNames.set(foldName(name), code);
      }
    }
  }
  countryNames.set('uk', 'GB');
}

function foldName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .trim();
}

/** ISO 3166-1 alpha-2 code of a country code or name (`BE`, `be`, `België`, `Belgique`); undefined if none. */
export function countryCode(value: string): string | undefined {
  const upper = value.trim().toUpperCase();
  if (isoCountries.has(upper)) return upper;
  return countryNames.get(foldName(value));
}

const languageNames = new Map<string, string>();
{
  const codes = ['nl', 'fr', 'de', 'en', 'it', 'es', 'pt', 'pl', 'ro', 'tr', 'ar', 'lb', 'da', 'sv', 'fi', 'cs', 'sk', 'hu', 'bg', 'el'];
  const names = ['en', 'nl', 'fr', 'de'].map((locale) => new Intl.DisplayNames([locale], { type: 'language', fallback: 'none' }));
  for (const code of codes) {
    languageNames.set(code, code);
    for (const display of [...names, new Intl.DisplayNames([code], { type: 'language', fallback: 'none' })]) {
      const name = display.of(code);
      if (name) languageNames.set(foldName(name), code);
    }
  }
  languageNames.set('vlaams', 'nl');
}

/** ISO 639-1 code of a language code or name (`nl`, `NL`, `Nederlands`, `Français`); undefined if unknown. */
export function languageCode(value: string): string | undefined {
  return languageNames.get(foldName(value));
}
