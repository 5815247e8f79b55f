import fc from 'fast-check';
import { DEFAULT_TEMPLATES } from '../templates/default-templates/default-templates';
import { TEMPLATE_KINDS } from '../templates/template-kinds';
import { SAMPLE_CONTEXT } from '../templates/template-variables';
import { composeSms, smsEncodingOf, smsLength, toGsmFriendly } from './sms';

describe('SMS length and encoding', () => {
  it('counts plain text as GSM-7, one unit per character', () => {
    expect(smsLength('Hello Jan, please pay.')).toEqual({ encoding: 'GSM-7', units: 22, segments: 1, perSegment: 160 });
  });

  it('keeps accented letters of the GSM alphabet in GSM-7 (é, è, ü, ñ, à)', () => {
    expect(smsEncodingOf('Réglez avant le 8 janvier, à très vite; Müller, Núñez')).toBe('UCS-2'); // ú is not GSM
    expect(smsEncodingOf('Réglez avant le 8 janvier, à très vite; Müller, Nuñez')).toBe('GSM-7');
  });

  it('counts € and { as two units each, still GSM-7', () => {
    expect(smsLength('€')).toEqual({ encoding: 'GSM-7', units: 2, segments: 1, perSegment: 160 });
    expect(smsLength('Pay €12,50 {ref}')).toMatchObject({ encoding: 'GSM-7', units: 19 });
  });

  it('fits exactly 160 GSM-7 units in one part and splits 161 into two parts of 153', () => {
    expect(smsLength('a'.repeat(160))).toEqual({ encoding: 'GSM-7', units: 160, segments: 1, perSegment: 160 });
    expect(smsLength('a'.repeat(161))).toEqual({ encoding: 'GSM-7', units: 161, segments: 2, perSegment: 153 });
    expect(smsLength('a'.repeat(306)).segments).toBe(2);
    expect(smsLength('a'.repeat(307)).segments).toBe(3);
  });

  it('fits 80 euro signs (160 units) in one part', () => {
    expect(smsLength('€'.repeat(80))).toMatchObject({ units: 160, segments: 1 });
  });

  it('never splits an escape pair: 152 letters then € needs a second part', () => {
    expect(smsLength('a'.repeat(152) + '€' + 'b'.repeat(10))).toMatchObject({ units: 164, segments: 2 });
    expect(smsLength('a'.repeat(152) + '€' + 'b'.repeat(152))).toMatchObject({ units: 306, segments: 3 });
  });

  it('switches the whole text to UCS-2 for a character outside GSM (ô, ł, emoji)', () => {
    expect(smsLength('Merci, à bientôt')).toEqual({ encoding: 'UCS-2', units: 16, segments: 1, perSegment: 70 });
    expect(smsEncodingOf('Łódź')).toBe('UCS-2');
  });

  it('counts an emoji as two UTF-16 units', () => {
    expect(smsLength('👍')).toEqual({ encoding: 'UCS-2', units: 2, segments: 1, perSegment: 70 });
  });

  it('fits exactly 70 UCS-2 units in one part and splits 71 into parts of 67', () => {
    expect(smsLength('ô'.repeat(70))).toEqual({ encoding: 'UCS-2', units: 70, segments: 1, perSegment: 70 });
    expect(smsLength('ô'.repeat(71))).toEqual({ encoding: 'UCS-2', units: 71, segments: 2, perSegment: 67 });
    expect(smsLength('ô'.repeat(134)).segments).toBe(2);
    expect(smsLength('ô'.repeat(135)).segments).toBe(3);
  });

  it('never splits a surrogate pair: 66 units then an emoji needs a second part', () => {
    expect(smsLength('ô'.repeat(66) + '👍' + 'ô'.repeat(3))).toMatchObject({ units: 71, segments: 2 });
    expect(smsLength('ô'.repeat(66) + '👍' + 'ô'.repeat(66))).toMatchObject({ units: 134, segments: 3 });
  });

  it('counts an empty text as no part', () => {
    expect(smsLength('')).toEqual({ encoding: 'GSM-7', units: 0, segments: 0, perSegment: 160 });
  });

  it('never needs fewer parts than the units divided by the part size, nor more than one per character', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'é', '€', '{', 'ô', '👍', ' '), maxLength: 400 }), (text) => {
        const { units, segments, perSegment } = smsLength(text);
        if (units > 0) expect(segments).toBeGreaterThanOrEqual(Math.ceil(units / perSegment));
        expect(segments).toBeLessThanOrEqual([...text].length);
      }),
    );
  });
});

describe('composeSms', () => {
  it('turns typographic dashes and quotes into GSM characters so the text stays GSM-7', () => {
    expect(toGsmFriendly('Vermeulen – l’atelier “Vélo”…')).toBe('Vermeulen - l\'atelier "Vélo"...');
    expect(smsEncodingOf(toGsmFriendly('Vermeulen – l’atelier'))).toBe('GSM-7');
  });

  it('renders the default SMS with the payment link and measures it', () => {
    const sms = composeSms({ source: DEFAULT_TEMPLATES.reminder.en.sms.text, context: SAMPLE_CONTEXT, language: 'en' });
    expect(sms.text).toContain('https://pay.amicus.be/x7Kp2');
    expect(sms).toMatchObject(smsLength(sms.text));
  });

  it('keeps every default English SMS within two GSM-7 parts for the sample case', () => {
    for (const kind of TEMPLATE_KINDS) {
      const sms = composeSms({ source: DEFAULT_TEMPLATES[kind].en.sms.text, context: SAMPLE_CONTEXT, language: 'en' });
      expect({ kind, encoding: sms.encoding, fits: sms.segments <= 2 }).toEqual({ kind, encoding: 'GSM-7', fits: true });
    }
  });
});
