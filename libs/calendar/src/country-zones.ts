// The zone of a country with one zone. Countries with several (or unknown here) fall back to
// UTC until a person's zone is set by hand.
const ZONES: Readonly<Record<string, string>> = {
  BE: 'Europe/Brussels',
  NL: 'Europe/Amsterdam',
  LU: 'Europe/Luxembourg',
  FR: 'Europe/Paris',
  DE: 'Europe/Berlin',
  AT: 'Europe/Vienna',
  CH: 'Europe/Zurich',
  IT: 'Europe/Rome',
  ES: 'Europe/Madrid',
  GB: 'Europe/London',
  IE: 'Europe/Dublin',
  DK: 'Europe/Copenhagen',
  SE: 'Europe/Stockholm',
  FI: 'Europe/Helsinki',
  NO: 'Europe/Oslo',
  PL: 'Europe/Warsaw',
  CZ: 'Europe/Prague',
  SK: 'Europe/Bratislava',
  HU: 'Europe/Budapest',
  RO: 'Europe/Bucharest',
  BG: 'Europe/Sofia',
  GR: 'Europe/Athens',
  TR: 'Europe/Istanbul',
  MA: 'Africa/Casablanca',
};

/** The IANA zone of a country (ISO 3166-1 alpha-2): its legal calendar day; `UTC` when it has several or is unknown. */
export function timeZoneOfCountry(country: string): string {
  return ZONES[country] ?? 'UTC';
}

const COUNTRY_OF_ZONE: ReadonlyMap<string, string> = new Map(Object.entries(ZONES).map(([country, zone]) => [zone, country]));

/** The country whose zone this is (the inverse of `timeZoneOfCountry`); undefined for a zone of no one country here. */
export function countryOfTimeZone(timeZone: string): string | undefined {
  return COUNTRY_OF_ZONE.get(timeZone);
}
