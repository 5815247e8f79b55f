import fc from 'fast-check';
import { DomainError } from '@amicus/errors';
import { epcAmount, epcQrDataUrl, epcQrPayload, epcQrSvg, epcQrSvgDataUrl } from './epc-qr';

const BE_IBAN = 'BE68539007547034';
const base = { beneficiaryName: 'Incasso Amicus NV', iban: 'BE68 5390 0754 7034' };

describe('EPC QR payload (EPC069-12 v002)', () => {
  it('writes the twelve elements in order with an OGM as structured reference', () => {
    const payload = epcQrPayload({
      ...base,
      bic: 'GKCCBEBB',
      amountMinor: 1234n,
      remittance: { kind: 'structured', reference: '+++123/4567/89002+++' },
    });
    expect(payload.split('\n')).toEqual([
      'BCD',
      '002',
      '1',
      'SCT',
      'GKCCBEBB',
      'Incasso Amicus NV',
      BE_IBAN,
      'EUR12.34',
      '',
      '123456789002',
    ]);
  });

  it('leaves the BIC line empty when no BIC is given and keeps an RF reference electronic', () => {
    const payload = epcQrPayload({ ...base, amountMinor: 5n, remittance: { kind: 'structured', reference: 'RF18 5390 0754 7034' } });
    expect(payload).toBe(['BCD', '002', '1', 'SCT', '', 'Incasso Amicus NV', BE_IBAN, 'EUR0.05', '', 'RF18539007547034'].join('\n'));
  });

  it('puts unstructured text on line 11, after an empty structured line', () => {
    const payload = epcQrPayload({ ...base, amountMinor: 100000n, remittance: { kind: 'unstructured', text: 'Dossier 2024/17 Dupont' } });
    expect(payload.split('\n').slice(7)).toEqual(['EUR1000.00', '', '', 'Dossier 2024/17 Dupont']);
  });

  it('omits the trailing empty elements when there is no amount or remittance', () => {
    expect(epcQrPayload(base)).toBe(['BCD', '002', '1', 'SCT', '', 'Incasso Amicus NV', BE_IBAN].join('\n'));
  });

  it('formats amounts from minor units without floating point', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 99_999_999_999n }), (minor) => {
        const text = epcAmount(minor);
        expect(text).toMatch(/^[0-9]+\.[0-9]{2}$/);
        expect(BigInt(text.replace('.', ''))).toBe(minor);
      }),
    );
  });

  it('lists every problem: bad IBAN, bad BIC, long name, bad reference, zero amount', () => {
    try {
      epcQrPayload({
        beneficiaryName: 'x'.repeat(71),
        iban: 'BE00 0000 0000 0000',
        bic: 'NOPE',
        amountMinor: 0n,
        remittance: { kind: 'structured', reference: 'hello' },
      });
      throw new Error('expected a DomainError');
    } catch (e) {
      expect(e).toBeInstanceOf(DomainError);
      expect((e as DomainError).problems.map((p) => p.field).sort()).toEqual([
        'amountMinor',
        'beneficiaryName',
        'bic',
        'iban',
        'remittance.reference',
      ]);
    }
  });

  it('refuses unstructured text over 140 characters and a payload over 331 bytes', () => {
    expect(() => epcQrPayload({ ...base, remittance: { kind: 'unstructured', text: 'a'.repeat(141) } })).toThrow(/140/);
    // 140 four-byte characters fit the character limit but not the byte limit.
    expect(() => epcQrPayload({ ...base, remittance: { kind: 'unstructured', text: '😀'.repeat(140) } })).toThrow(/331/);
  });

  it('renders a PNG data URL and an SVG image', async () => {
    const payment = { ...base, amountMinor: 1234n, remittance: { kind: 'structured', reference: '123456789002' } } as const;
    expect(await epcQrDataUrl(payment)).toMatch(/^data:image\/png;base64,[A-Za-z0-9+/=]+$/);
    expect(await epcQrSvg(payment)).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    expect(await epcQrSvgDataUrl(payment)).toMatch(/^data:image\/svg\+xml;base64,/);
  });
});
