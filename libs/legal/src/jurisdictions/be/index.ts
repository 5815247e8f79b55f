import { timeZoneOfCountry } from '@amicus/calendar';
import type { Jurisdiction } from '../jurisdiction';
import { beBusiness } from './business';
import { beConsumer } from './consumer';
import { beTerm } from './term';

export const belgium: Jurisdiction = {
  country: 'BE',
  name: 'Belgium',
  timeZone: timeZoneOfCountry('BE'),
  pack: (kind) => (kind === 'consumer' ? beConsumer : beBusiness),
  term: beTerm,
};
