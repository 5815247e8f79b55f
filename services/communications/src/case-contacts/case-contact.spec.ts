import { caseStandingOf, claimsInCollection, postalAddressOf, preferredChannelOf, recipientText, type CaseClaim } from './case-contact';

const contact = {
  debtorName: 'Jan Peeters',
  emails: [] as string[],
  phones: ['+32470123456'],
  addresses: [{ lines: ['Kerkstraat 12'], postcode: '2000', city: 'Antwerpen', country: 'BE' }],
  preferredChannel: null as string | null,
};

describe('case contact', () => {
  it('takes the debtor preferred channel when it is a written one', () => {
    expect(preferredChannelOf({ ...contact, preferredChannel: 'letter' })).toBe('letter');
  });
  it('falls back to the first channel the debtor has a contact for', () => {
    expect(preferredChannelOf({ ...contact, preferredChannel: 'phone' })).toBe('sms');
    expect(preferredChannelOf({ ...contact, emails: ['jan@example.org'] })).toBe('email');
  });
  it('prints the address as the envelope window shows it', () => {
    const address = postalAddressOf(contact)!;
    expect(address).toEqual({ name: 'Jan Peeters', lines: ['Kerkstraat 12', '2000 Antwerpen'], country: 'BE' });
    expect(recipientText(address)).toBe('Jan Peeters, Kerkstraat 12, 2000 Antwerpen, BE');
  });
});

const claim = (claimId: string, principalMinor: string): CaseClaim => ({
  claimId,
  number: `F-${claimId}`,
  issueDate: '2025-01-02',
  dueDate: '2025-02-01',
  description: null,
  principalMinor,
  currency: 'EUR',
});
const facts = {
  claims: [claim('a', '10000'), claim('b', '5000')],
  recalledClaimIds: [] as string[],
  disputeOpen: false,
  paymentPlanKept: false,
  holdUntil: null,
  holdEnds: null,
  holdReason: null,
  closedOutcome: null,
  timeZone: 'Europe/Brussels',
};

describe('case standing', () => {
  it('leaves a recalled claim off the claims a communication names', () => {
    expect(claimsInCollection({ ...facts, recalledClaimIds: ['a'] }).map((c) => c.claimId)).toEqual(['b']);
    expect(claimsInCollection(facts)).toHaveLength(2);
  });
  it('reads the hold, the closing and the recalls as the contact rules want them', () => {
    expect(caseStandingOf(facts)).toEqual({
      disputeOpen: false,
      paymentPlanKept: false,
      allClaimsRecalled: false,
      // Due Sat 1 Feb 2025: late from the start of Sun 2 Feb in Brussels.
      firstDue: { on: '2025-02-01', lateAt: new Date('2025-02-01T23:00:00Z') },
    });
    const until = new Date('2025-02-19T23:00:00Z');
    expect(caseStandingOf({ ...facts, holdUntil: until, holdEnds: '2025-02-20', holdReason: 'in hospital' }).hold).toEqual({
      until,
      endsOn: '2025-02-20',
      reason: 'in hospital',
    });
    expect(caseStandingOf({ ...facts, closedOutcome: 'paid' }).closed).toEqual({ outcome: 'paid' });
    expect(caseStandingOf({ ...facts, recalledClaimIds: ['a'] }).allClaimsRecalled).toBe(false);
    expect(caseStandingOf({ ...facts, recalledClaimIds: ['b', 'a'] }).allClaimsRecalled).toBe(true);
    // A case whose claims have not arrived yet has none recalled.
    expect(caseStandingOf({ ...facts, claims: [] }).allClaimsRecalled).toBe(false);
  });
  it('names the first due date of the claims still in collection', () => {
    const early = { ...claim('c', '2000'), dueDate: '2025-01-15' };
    expect(caseStandingOf({ ...facts, claims: [...facts.claims, early] }).firstDue?.on).toBe('2025-01-15');
    expect(caseStandingOf({ ...facts, claims: [...facts.claims, early], recalledClaimIds: ['c'] }).firstDue?.on).toBe('2025-02-01');
    expect(caseStandingOf({ ...facts, claims: [] }).firstDue).toBeUndefined();
  });
});
