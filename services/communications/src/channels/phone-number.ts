import { parsePhoneNumberFromString } from 'libphonenumber-js';

export type PhoneNumberCheck = { ok: true; e164: string; country?: string } | { ok: false; reason: string };

/**
 * A phone number we may send to or log a call with must be a valid number in E.164 form
 * (ITU-T E.164: '+', country code, national number, at most 15 digits). We do not guess a country
 * for a national number: contacts are stored in E.164 by cases, so anything else is an error.
 */
export function checkE164(raw: string): PhoneNumberCheck {
  const trimmed = raw.trim();
  if (!/^\+[1-9]\d{6,14}$/.test(trimmed)) {
    return { ok: false, reason: `"${raw}" is not in E.164 form (+ followed by 7 to 15 digits)` };
  }
  const parsed = parsePhoneNumberFromString(trimmed);
  if (!parsed || !parsed.isValid()) {
    return { ok: false, reason: `"${raw}" is not a valid phone number` };
  }
  return { ok: true, e164: parsed.number, country: parsed.country };
}
