import { findMatch, matchKeys, normaliseEmail, normaliseName, normalisePostcode, normaliseVatNumber } from './debtor-matching';

describe('normalisation', () => {
  it('reduces names to what identifies them', () => {
    expect(normaliseName('Café De Zwaan B.V.')).toBe('cafe de zwaan');
    expect(normaliseName('  CAFE  de zwaan, bvba ')).toBe('cafe de zwaan');
    expect(normaliseName('NV Bekaert SA')).toBe('bekaert');
    expect(normaliseName('Müller & Söhne GmbH')).toBe('muller sohne');
    expect(normaliseName('Bäckerei Weiß')).toBe('backerei weiss');
    expect(normaliseName('Ø-Design SRL')).toBe('o design');
  });

  it('keeps a name that is only a legal form', () => {
    expect(normaliseName('SA')).toBe('sa');
  });

  it('normalises e-mail, postcode and VAT number', () => {
    expect(normaliseEmail('  Info@DeZwaan.BE ')).toBe('info@dezwaan.be');
    expect(normalisePostcode('d02 x285')).toBe('D02X285');
    expect(normaliseVatNumber('BE 0403.170.701')).toBe('BE0403170701');
    expect(normaliseVatNumber('0403.170.701', 'BE')).toBe('BE0403170701');
    expect(normaliseVatNumber('403170701', 'BE')).toBe('BE0403170701');
    expect(normaliseVatNumber('GR094259216')).toBe('EL094259216');
  });
});

describe('matchKeys', () => {
  it('lists the keys strongest first and leaves out those without data', () => {
    expect(
      matchKeys({ clientReference: 'D1001', vatNumber: 'be0403170701', email: 'Info@X.be', name: 'Café De Zwaan BV', postcode: '9000' }),
    ).toEqual(['ref:D1001', 'vat:BE0403170701', 'email:info@x.be', 'namepc:cafe de zwaan|9000']);
    expect(matchKeys({ name: 'Jan Peeters' })).toEqual([]);
    expect(matchKeys({ name: 'Jan Peeters', email: ' ', postcode: '2000' })).toEqual(['namepc:jan peeters|2000']);
  });
});

describe('findMatch', () => {
  const index = new Map([
    ['ref:D1', 'debtor-by-ref'],
    ['vat:BE0403170701', 'debtor-by-vat'],
    ['email:jan@x.be', 'debtor-by-email'],
    ['namepc:jan peeters|2000', 'debtor-by-name'],
  ]);

  it('prefers the client reference over the VAT number, e-mail and name', () => {
    expect(
      findMatch({ clientReference: 'D1', vatNumber: 'BE0403170701', email: 'jan@x.be', name: 'Jan Peeters', postcode: '2000' }, index),
    ).toEqual({
      debtorId: 'debtor-by-ref',
      key: 'ref:D1',
      kind: 'ref',
    });
  });

  it('falls back key by key when a stronger key is unknown or absent', () => {
    const base = { name: 'Jan Peeters', postcode: '2000 ' };
    expect(
      findMatch({ ...base, clientReference: 'D9', vatNumber: '0403 170 701', country: 'BE', email: 'JAN@x.be' }, index)?.debtorId,
    ).toBe('debtor-by-vat');
    expect(findMatch({ ...base, email: 'JAN@x.be' }, index)?.debtorId).toBe('debtor-by-email');
    expect(findMatch({ ...base, email: 'other@x.be' }, index)?.debtorId).toBe('debtor-by-name');
    expect(findMatch({ name: 'Jan  PEETERS', postcode: '2000' }, index)?.kind).toBe('namepc');
  });

  it('finds nothing for a new debtor', () => {
    expect(findMatch({ name: 'Jan Peeters', postcode: '9000' }, index)).toBeUndefined();
    expect(findMatch({ name: 'Jan Peeters' }, index)).toBeUndefined();
  });
});
