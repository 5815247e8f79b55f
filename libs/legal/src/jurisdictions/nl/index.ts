import { timeZoneOfCountry } from '@amicus/calendar';
import type { Jurisdiction } from '../jurisdiction';
import { nlBusiness } from './business';
import { nlConsumer } from './consumer';
import { nlTerm } from './term';

export const netherlands: Jurisdiction = {
  country: 'NL',
  name: 'Netherlands',
  timeZone: timeZoneOfCountry('NL'),
  pack: (kind) => (kind === 'consumer' ? nlConsumer : nlBusiness),
  term: nlTerm,
};
