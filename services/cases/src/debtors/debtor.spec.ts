import { debtorFromRow, debtorSnapshot, languageFor, mergeContacts, timeZoneOf } from './debtor';
import type { PlacementRow } from '../placements/row-validation';

const row: PlacementRow['debtor'] = { name: 'Jan Peeters', kind: 'consumer', email: 'jan@example.be', address: { line1: 'Kerkstraat 1', postcode: '9000', city: 'Gent', country: 'BE' } };

describe('debtorFromRow', () => {
  it('takes the zone from the country and the language from the brand', () => {
    const d = debtorFromRow('d1', 'c1', row, ['fr', 'nl']);
    expect(d).toMatchObject({ timeZone: 'Europe/Brussels', language: 'fr', emails: ['jan@example.be'], addresses: [{ lines: ['Kerkstraat 1'], postcode: '9000', city: 'Gent', country: 'BE' }] });
    expect(debtorSnapshot(d).addresses).toHaveLength(1);
  });

  it('prefers the national language when the brand speaks it', () => {
    expect(languageFor({ ...row, address: { country: 'NL' } }, ['fr', 'nl'])).toBe('nl');
    expect(languageFor({ ...row, language: 'de' }, ['fr'])).toBe('de');
  });

  it('leaves a debtor without a street address without addresses', () => {
    expect(debtorFromRow('d1', 'c1', { ...row, address: { country: 'NL' } }, ['nl']).addresses).toEqual([]);
    expect(timeZoneOf('XX')).toBe('UTC');
  });
});

describe('mergeContacts', () => {
  it('adds a new e-mail and keeps the known ones', () => {
    const known = debtorFromRow('d1', 'c1', row, ['nl']);
    expect(mergeContacts(known, { ...row, email: 'other@example.be' })?.emails).toEqual(['jan@example.be', 'other@example.be']);
  });

  it('returns null when the row brings nothing new', () => {
    const known = debtorFromRow('d1', 'c1', row, ['nl']);
    expect(mergeContacts(known, row)).toBeNull();
  });
});
