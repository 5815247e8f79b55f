/** Jurisdictions by country. Adding a country: a folder implementing `Jurisdiction`, one line here. */
import type { Country } from '../types';
import { belgium } from './be';
import type { Jurisdiction } from './jurisdiction';
import { netherlands } from './nl';

const REGISTRY: Record<Country, Jurisdiction> = { BE: belgium, NL: netherlands };

export const COUNTRIES = Object.keys(REGISTRY) as Country[];

export function jurisdictionOf(country: Country): Jurisdiction {
  const j = REGISTRY[country];
  if (!j) throw new RangeError(`no rule pack for country "${country}" (known: ${COUNTRIES.join(', ')})`);
  return j;
}
