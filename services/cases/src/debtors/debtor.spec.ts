import { timeZoneOfCountry as timeZoneOf } from '@amicus/calendar';
import { changeDebtor, debtorFromRow, debtorSnapshot, languageFor, mergeContacts } from './debtor';
import type { PlacementRow } from '../placements/row-validation';

const row: PlacementRow['debtor'] = {
  name: 'Jan Peeters',
  kind: 'consumer',
  email: 'jan@example.be',
  address: { line1: 'Kerkstraat 1', postcode: '9000', city: 'Gent', country: 'BE' },
};

describe('debtorFromRow', () => {
  it('takes the zone from the country and the language from the brand', () => {
    const d = debtorFromRow('d1', 'c1', row, ['fr', 'nl']);
    expect(d).toMatchObject({
      timeZone: 'Europe/Brussels',
      language: 'fr',
      emails: ['jan@example.be'],
      addresses: [{ lines: ['Kerkstraat 1'], postcode: '9000', city: 'Gent', country: 'BE' }],
    });
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

describe('changeDebtor', () => {
  const known = debtorFromRow('d1', 'c1', row, ['nl']);

  it('sets the preferred channel, language and time zone, keeping what is left out', () => {
    const { debtor } = changeDebtor(known, { preferredChannel: 'sms', language: 'FR', timeZone: 'Europe/Paris' });
    expect(debtor).toMatchObject({ preferredChannel: 'sms', language: 'fr', timeZone: 'Europe/Paris', emails: ['jan@example.be'] });
  });

  it('names every bad field', () => {
    const { debtor, problems } = changeDebtor(known, { preferredChannel: 'pigeon', timeZone: 'Mars/Olympus', phones: ['0470'] });
    expect(debtor).toBeNull();
    expect(problems.map((p) => p.field)).toEqual(['input.phones[0]', 'input.preferredChannel', 'input.timeZone']);
  });

  it('says when nothing changes', () => {
    expect(changeDebtor(known, { emails: ['JAN@example.be'] })).toEqual({ debtor: null, problems: [] });
  });
});
