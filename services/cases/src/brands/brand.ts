import { DomainError, FieldProblem } from '@amicus/errors';
import { isLanguageCode } from '../clients/client';

/** A client's trading name towards debtors, with the languages it speaks in. */
export interface Brand {
  id: string;
  clientId: string;
  name: string;
  languages: string[];
  email: string | null;
  phone: string | null;
}

export interface NewBrand {
  clientId: string;
  name: string;
  languages: string[];
  email?: string | null;
  phone?: string | null;
}

const E164 = /^\+[1-9]\d{6,14}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function createBrand(id: string, input: NewBrand): Brand {
  const problems: FieldProblem[] = [];
  const name = input.name.trim();
  if (!name) problems.push({ field: 'input.name', reason: 'must not be empty' });
  const languages = input.languages.map((l) => l.trim().toLowerCase());
  if (!languages.length) problems.push({ field: 'input.languages', reason: 'at least one language' });
  languages.forEach((l, i) => {
    if (!isLanguageCode(l))
      problems.push({ field: `input.languages[${i}]`, reason: `${JSON.stringify(l)} is not an ISO 639-1 language code` });
  });
  const email = input.email?.trim().toLowerCase() || null;
  if (email && !EMAIL.test(email)) problems.push({ field: 'input.email', reason: 'not an e-mail address' });
  const phone = input.phone?.replace(/[\s()-]/g, '') || null;
  if (phone && !E164.test(phone)) problems.push({ field: 'input.phone', reason: 'expected an E.164 number like +3225551234' });
  if (problems.length) throw DomainError.invalid(problems);
  return { id, clientId: input.clientId, name, languages: [...new Set(languages)], email, phone };
}
