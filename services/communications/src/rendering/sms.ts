/**
 * How long an SMS is, as the network counts it (3GPP TS 23.038 / 23.040). A text made only of
 * GSM 03.38 characters travels in 7-bit units: 160 per single message, 153 per part of a
 * concatenated one (the user data header takes 7). Characters of the extension table (€, {, [ …)
 * are an escape plus a character: 2 units, and the pair is never split across parts. Any other
 * character forces UCS-2 for the whole text: 70 UTF-16 code units, 67 per part; a surrogate
 * pair (most emoji) is 2 units, never split either.
 */
import type { TemplateLanguage } from '../templates/template-kinds';
import { localeFor, renderTemplate } from '../templates/template-rendering';
import type { TemplateContext } from '../templates/template-variables';

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SmsLength {
  encoding: SmsEncoding;
  /** Septets (GSM-7) or UTF-16 code units (UCS-2). */
  units: number;
  /** Parts the network will send (and bill); 0 for an empty text. */
  segments: number;
  /** Units per part for this text: 160/153 (GSM-7) or 70/67 (UCS-2). */
  perSegment: number;
}

// GSM 03.38 default alphabet (the escape 0x1B excluded: it is not a character of its own).
const GSM_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
// GSM 03.38 basic extension table, each sent as ESC + character.
const GSM_EXTENSION = new Set('\f^{}\\[~]|€');

const LIMITS: Record<SmsEncoding, { single: number; part: number }> = {
  'GSM-7': { single: 160, part: 153 },
  'UCS-2': { single: 70, part: 67 },
};

export function smsEncodingOf(text: string): SmsEncoding {
  for (const character of text) {
    if (!GSM_BASIC.has(character) && !GSM_EXTENSION.has(character)) return 'UCS-2';
  }
  return 'GSM-7';
}

export function smsLength(text: string): SmsLength {
  const encoding = smsEncodingOf(text);
  // Units of each indivisible character: iterating a string yields code points, so a surrogate
  // pair comes as one character of length 2.
  const sizes = [...text].map((character) => (encoding === 'GSM-7' ? (GSM_EXTENSION.has(character) ? 2 : 1) : character.length));
  const units = sizes.reduce((sum, size) => sum + size, 0);
  const limit = LIMITS[encoding];
  if (units === 0) return { encoding, units, segments: 0, perSegment: limit.single };
  if (units <= limit.single) return { encoding, units, segments: 1, perSegment: limit.single };
  // Fill parts greedily; a character that does not fit whole starts the next part.
  let segments = 1;
  let used = 0;
  for (const size of sizes) {
    if (used + size > limit.part) {
      segments += 1;
      used = 0;
    }
    used += size;
  }
  return { encoding, units, segments, perSegment: limit.part };
}

export interface ComposedSms extends SmsLength {
  text: string;
}

// Typographic characters with an obvious GSM equivalent: one of them alone would switch the
// whole message to UCS-2 and more than double its segments.
const GSM_SUBSTITUTES: Record<string, string> = {
  '–': '-',
  '—': '-',
  '‘': "'",
  '’': "'",
  '‚': "'",
  '“': '"',
  '”': '"',
  '„': '"',
  '…': '...',
  '«': '"',
  '»': '"',
};

/** Replaces typographic dashes, quotes and ellipses by their GSM equivalents. */
export function toGsmFriendly(text: string): string {
  return text.replace(/[–—‘’‚“”„…«»]/g, (character) => GSM_SUBSTITUTES[character]);
}

/**
 * Renders an SMS template (plain text, whitespace collapsed to single spaces, typographic
 * punctuation made GSM-friendly) and measures it.
 * The payment link comes from `payment.link`, which should be the short link of the payment
 * service: a long URL alone can take a segment.
 */
export function composeSms(input: { source: string; context: TemplateContext; language: TemplateLanguage; locale?: string }): ComposedSms {
  const text = renderTemplate(input.source, input.context, {
    language: input.language,
    locale: input.locale ?? localeFor(input.language),
    mode: 'text',
  })
    .replace(/\s+/g, ' ')
    .trim();
  const gsm = toGsmFriendly(text);
  return { text: gsm, ...smsLength(gsm) };
}
