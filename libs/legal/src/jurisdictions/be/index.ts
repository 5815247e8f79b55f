import type { Jurisdiction } from '../jurisdiction';
import { beBusiness } from './business';
import { beConsumer } from './consumer';
import { beTerm } from './term';

export const belgium: Jurisdiction = {
  country: 'BE',
  name: 'Belgium',
  timeZone: 'Europe/Brussels',
  pack: (kind) => (kind === 'consumer' ? beConsumer : beBusiness),
  term: beTerm,
};
