/**
 * The collective debt settlement register, an outside party, behind an adapter. In Belgium the
 * notices of admissibility are kept in the central register of notices of attachment,
 * delegation, assignment and collective debt settlement (legal-rules.md); in the Netherlands the
 * central Wsnp register (Faillissementswet art. 294a). Amicus speaks one simple HTTP protocol to
 * a register gateway (the agency's subscription, or the local test server in
 * settlement-register-server.ts), documented in README.md next to this file:
 *
 *   GET {base}/v1/settlements?country=BE&name=…&postalCode=…[&vatNumber=…]
 *   Authorization: Bearer {token}
 *   200 { "settlements": [ { "reference", "country", "status": "admitted" | "ended",
 *         "decisionDate": "YYYY-MM-DD", "endedOn": "YYYY-MM-DD" | null, "court",
 *         "mediator": { "name", "email"?, "phone"?, "address"? } } ] }
 *
 * An answer that does not follow it is an error naming the field; so is a status other than 200.
 */
import { isCalendarDate, type CalendarDate } from '@amicus/calendar';
import { DomainError } from '@amicus/errors';

export interface RegisterQuery {
  country: 'BE' | 'NL';
  name: string;
  postalCode: string | null;
  vatNumber: string | null;
}

export interface RegisterSettlement {
  reference: string;
  country: 'BE' | 'NL';
  status: 'admitted' | 'ended';
  decisionDate: CalendarDate;
  endedOn: CalendarDate | null;
  court: string;
  mediator: { name: string; email: string | null; phone: string | null; address: string | null };
}

export interface SettlementRegister {
  readonly name: string;
  lookup(q: RegisterQuery): Promise<{ settlements: RegisterSettlement[]; raw: unknown }>;
}

/** The HTTP adapter: one GET per lookup, a timeout, the answer checked field by field. */
export class HttpSettlementRegister implements SettlementRegister {
  readonly name: string;
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
    private readonly timeoutMs = 10_000,
  ) {
    this.name = `register:${new URL(baseUrl).host}`;
  }

  async lookup(q: RegisterQuery): Promise<{ settlements: RegisterSettlement[]; raw: unknown }> {
    const url = new URL('/v1/settlements', this.baseUrl);
    url.searchParams.set('country', q.country);
    url.searchParams.set('name', q.name);
    if (q.postalCode) url.searchParams.set('postalCode', q.postalCode);
    if (q.vatNumber) url.searchParams.set('vatNumber', q.vatNumber);
    let res: Response;
    try {
      res = await fetch(url, {
        headers: { authorization: `Bearer ${this.token}`, accept: 'application/json' },
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (e) {
      throw new DomainError('conflict', `the settlement register did not answer: ${(e as Error).message}`);
    }
    if (res.status !== 200) throw new DomainError('conflict', `the settlement register answered ${res.status}`);
    const raw: unknown = await res.json().catch(() => null);
    return { settlements: parseSettlements(raw), raw };
  }
}

/** The register's answer, checked; a field that does not fit the protocol is named. */
export function parseSettlements(raw: unknown): RegisterSettlement[] {
  const bad = (field: string, reason: string): never => {
    throw new DomainError('conflict', `the settlement register's answer does not follow the protocol: ${field} ${reason}`);
  };
  if (!raw || typeof raw !== 'object' || !Array.isArray((raw as { settlements?: unknown }).settlements))
    bad('settlements', 'is not a list');
  const str = (v: unknown, field: string): string => (typeof v === 'string' && v.trim() ? v.trim() : bad(field, 'is not a text'));
  const opt = (v: unknown, field: string): string | null => (v === undefined || v === null ? null : str(v, field));
  return (raw as { settlements: unknown[] }).settlements.map((s, i) => {
    const at = `settlements[${i}]`;
    if (!s || typeof s !== 'object') return bad(at, 'is not an object');
    const o = s as Record<string, unknown>;
    const country = o.country === 'BE' || o.country === 'NL' ? o.country : bad(`${at}.country`, 'is not BE or NL');
    const status = o.status === 'admitted' || o.status === 'ended' ? o.status : bad(`${at}.status`, 'is not admitted or ended');
    const decisionDate = isCalendarDate(o.decisionDate) ? o.decisionDate : bad(`${at}.decisionDate`, 'is not a date');
    const endedOn =
      o.endedOn === null || o.endedOn === undefined ? null : isCalendarDate(o.endedOn) ? o.endedOn : bad(`${at}.endedOn`, 'is not a date');
    if (status === 'ended' && !endedOn) bad(`${at}.endedOn`, 'is missing for an ended settlement');
    const m =
      o.mediator && typeof o.mediator === 'object' ? (o.mediator as Record<string, unknown>) : bad(`${at}.mediator`, 'is not an object');
    return {
      reference: str(o.reference, `${at}.reference`),
      country,
      status,
      decisionDate,
      endedOn,
      court: str(o.court, `${at}.court`),
      mediator: {
        name: str(m.name, `${at}.mediator.name`),
        email: opt(m.email, `${at}.mediator.email`),
        phone: opt(m.phone, `${at}.mediator.phone`),
        address: opt(m.address, `${at}.mediator.address`),
      },
    };
  });
}
