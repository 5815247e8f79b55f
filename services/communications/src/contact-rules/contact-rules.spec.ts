import fc from 'fast-check';
import { COLLECTION_KINDS, COMMUNICATION_KINDS, SENDING_CHANNELS as CHANNELS, asksToPay, type CommunicationKind } from '@amicus/contact';
import type { CaseOutcome } from '@amicus/events';
import type { Channel } from '../channels/channel';
import { TEMPLATE_KINDS } from '../templates/template-kinds';
import {
  ContactHistoryEntry,
  LANGUAGES,
  Language,
  LegalContactCheck,
  LegalContactCheckInput,
  LegalContactDecision,
  SendRequest,
  cancels,
  communicationLanguage,
  decideSend,
  neverAfterHold,
  nextAttemptAt,
  recalledClaimRefusal,
} from './contact-rules';

const NOW = new Date('2024-05-02T10:00:00Z'); // 12:00 in Brussels

const allowAll: LegalContactCheck = () => ({ allowed: true, rule: 'BE-A-4', source: 'CEL XIX', reason: 'within contact window' });

/**
 * A stand-in for the legal engine in these tests: BE-A-4's 08:00–22:00 window (Brussels is
 * UTC+2 in May) and a frequency limit of 3 outbound contacts in 7 days.
 */
const windowAndFrequency: LegalContactCheck = (input) => {
  const hour = (input.at.getUTCHours() + 2) % 24;
  if (hour < 8 || hour >= 22) {
    const next = new Date(input.at);
    next.setUTCHours(6, 0, 0, 0);
    if (next <= input.at) next.setUTCDate(next.getUTCDate() + 1);
    return { allowed: false, rule: 'BE-A-4', source: 'CEL XIX.4', reason: 'outside 08:00–22:00', earliestAt: next.toISOString() };
  }
  const weekAgo = input.at.getTime() - 7 * 86_400_000;
  const recent = input.history
    .filter((h) => h.direction === 'outbound' && h.at.getTime() > weekAgo)
    .sort((a, b) => a.at.getTime() - b.at.getTime());
  if (recent.length >= 3) {
    return {
      allowed: false,
      rule: 'AGENCY-FREQ',
      source: 'agency policy',
      reason: '3 contacts in 7 days',
      earliestAt: new Date(recent[0].at.getTime() + 7 * 86_400_000).toISOString(),
    };
  }
  return { allowed: true, rule: 'BE-A-4', source: 'CEL XIX.4', reason: 'within window and limits' };
};

function request(
  overrides: Partial<Omit<SendRequest, 'debtor' | 'case'>> & {
    debtor?: Partial<SendRequest['debtor']>;
    case?: Partial<SendRequest['case']>;
  } = {},
): SendRequest {
  const { debtor, case: kase, ...rest } = overrides;
  return {
    debtor: {
      preferredChannel: 'email',
      channelsOrder: ['email', 'sms', 'letter'],
      language: 'nl',
      optOuts: [],
      contacts: {
        email: 'jan@example.org',
        phone: '+32470123456',
        address: { name: 'Jan Peeters', lines: ['Kerkstraat 12', '2000 Antwerpen'], country: 'BE' },
      },
      country: 'BE',
      timeZone: 'Europe/Brussels',
      ...debtor,
    },
    case: { disputeOpen: false, paymentPlanKept: false, ...kase },
    brand: { languages: ['nl', 'fr'] },
    channel: 'preferred',
    kind: 'reminder',
    now: NOW,
    history: [],
    legalCheck: allowAll,
    ...rest,
  };
}

describe('decideSend', () => {
  it('sends on the debtor’s preferred channel, in the debtor’s language, keeping the legal check as evidence', () => {
    const decision = decideSend(request());
    expect(decision).toEqual({
      allowed: true,
      channel: 'email',
      language: 'nl',
      recipient: 'jan@example.org',
      legal: { allowed: true, rule: 'BE-A-4', source: 'CEL XIX', reason: 'within contact window' },
    });
  });

  it('writes in the brand’s first language when the brand does not speak the debtor’s', () => {
    expect(decideSend(request({ debtor: { language: 'de' } }))).toMatchObject({ allowed: true, language: 'nl' });
    expect(decideSend(request({ debtor: { language: 'fr-BE' } }))).toMatchObject({ allowed: true, language: 'fr' });
  });

  it('refuses a channel the debtor opted out of, and takes the next one when the step leaves the choice', () => {
    expect(decideSend(request({ channel: 'email', debtor: { optOuts: ['email'] } }))).toMatchObject({
      allowed: false,
      code: 'opted_out',
      waitsFor: 'opt_in',
    });
    expect(decideSend(request({ debtor: { optOuts: ['email'] } }))).toMatchObject({
      allowed: true,
      channel: 'sms',
      recipient: '+32470123456',
    });
  });

  it('names the reason the debtor gave for opting out in the refusal', () => {
    const decision = decideSend(
      request({ channel: 'sms', debtor: { optOuts: ['sms'], optOutReasons: { sms: 'asked on the phone: no texts' } } }),
    );
    expect(decision).toMatchObject({
      allowed: false,
      code: 'opted_out',
      rule: 'AMICUS-OPT-OUT',
      reason: 'the debtor opted out of sms: asked on the phone: no texts',
    });
  });

  it('refuses a channel without contact details for it', () => {
    const decision = decideSend(request({ channel: 'letter', debtor: { contacts: { email: 'jan@example.org' } } }));
    expect(decision).toMatchObject({ allowed: false, code: 'no_contact', channel: 'letter', waitsFor: 'contact_details' });
  });

  it('refuses when no channel of the debtor is usable', () => {
    const decision = decideSend(request({ debtor: { optOuts: ['email', 'sms', 'letter'] } }));
    expect(decision).toMatchObject({ allowed: false, code: 'no_usable_channel', waitsFor: 'opt_in' });
  });

  it('sends WhatsApp to the mobile number when no WhatsApp number is known', () => {
    expect(decideSend(request({ channel: 'whatsapp' }))).toMatchObject({ allowed: true, recipient: '+32470123456' });
  });

  it('pauses collection messages while a dispute is open, but acknowledges the dispute and confirms payments', () => {
    const disputed = { case: { disputeOpen: true } };
    for (const kind of COLLECTION_KINDS) {
      expect(decideSend(request({ ...disputed, kind }))).toMatchObject({
        allowed: false,
        code: 'dispute_open',
        waitsFor: 'dispute_resolved',
      });
    }
    // Asking a debtor who contested the claim to pay it on time is asking them to pay it (BE-A-4).
    expect(decideSend(request({ ...disputed, kind: 'pre_due_reminder' }))).toMatchObject({ allowed: false, code: 'dispute_open' });
    expect(decideSend(request({ ...disputed, kind: 'dispute_acknowledgement' })).allowed).toBe(true);
    expect(decideSend(request({ ...disputed, kind: 'payment_receipt' })).allowed).toBe(true);
  });

  it('sends a pre-due reminder up to the end of the first due date, and cancels it once a claim is late', () => {
    // Due Thu 2 May 2024: late from Fri 3 May 00:00 in Brussels (22:00 UTC).
    const firstDue = { on: '2024-05-02', lateAt: new Date('2024-05-02T22:00:00Z') };
    expect(decideSend(request({ kind: 'pre_due_reminder', case: { firstDue } })).allowed).toBe(true);
    const late = decideSend(request({ kind: 'pre_due_reminder', case: { firstDue }, now: firstDue.lateAt }));
    expect(late).toMatchObject({
      allowed: false,
      code: 'past_due',
      rule: 'AMICUS-PRE-DUE',
      reason: 'a claim fell due on 2024-05-02: a reminder before the due date comes too late',
      waitsFor: 'nothing',
    });
    expect(cancels(late)).toBe(true);
    // The reminders after the due date are what the due date is for.
    expect(decideSend(request({ kind: 'first_reminder', case: { firstDue }, now: firstDue.lateAt })).allowed).toBe(true);
  });

  it('names the lasting reason first: a pre-due reminder past due on a held case is cancelled, not scheduled', () => {
    const hold = { until: new Date('2024-05-10T00:00:00Z'), endsOn: '2024-05-10', reason: 'debtor in hospital' };
    const firstDue = { on: '2024-04-30', lateAt: new Date('2024-04-30T22:00:00Z') };
    expect(decideSend(request({ kind: 'pre_due_reminder', case: { hold, firstDue } }))).toMatchObject({ code: 'past_due' });
    expect(decideSend(request({ kind: 'reminder', case: { hold, firstDue } }))).toMatchObject({ code: 'on_hold' });
  });

  it('cancels on a hold what it leaves never to go: a pre-due reminder whose due date passes during the hold', () => {
    const hold = { until: new Date('2024-05-09T22:00:00Z'), endsOn: '2024-05-10', reason: 'debtor in hospital' };
    const dueDuring = { on: '2024-05-06', lateAt: new Date('2024-05-06T22:00:00Z') };
    const dueAfter = { on: '2024-05-12', lateAt: new Date('2024-05-12T22:00:00Z') };
    expect(
      neverAfterHold({ disputeOpen: false, paymentPlanKept: false, hold, firstDue: dueDuring }, 'pre_due_reminder', NOW),
    ).toMatchObject({
      code: 'past_due',
      reason: 'a claim fell due on 2024-05-06: a reminder before the due date comes too late, once the hold ends on 2024-05-10',
      waitsFor: 'nothing',
    });
    // Due after the hold: it waits for the hold's end, then goes. Any other kind waits too.
    expect(
      neverAfterHold({ disputeOpen: false, paymentPlanKept: false, hold, firstDue: dueAfter }, 'pre_due_reminder', NOW),
    ).toBeUndefined();
    expect(neverAfterHold({ disputeOpen: false, paymentPlanKept: false, hold, firstDue: dueDuring }, 'reminder', NOW)).toBeUndefined();
    expect(neverAfterHold({ disputeOpen: false, paymentPlanKept: false, firstDue: dueDuring }, 'pre_due_reminder', NOW)).toBeUndefined();
    // A hold on a closed case: closed is the reason, not the hold.
    expect(
      neverAfterHold({ disputeOpen: false, paymentPlanKept: false, hold, closed: { outcome: 'paid' } }, 'reminder', NOW),
    ).toMatchObject({
      code: 'case_closed',
      reason: 'the case is closed (paid)',
    });
  });

  it('holds reminders while a payment plan is kept, but confirms the plan and its payments', () => {
    const kept = { case: { paymentPlanKept: true } };
    expect(decideSend(request({ ...kept, kind: 'reminder' }))).toMatchObject({
      allowed: false,
      code: 'payment_plan_kept',
      waitsFor: 'payment_plan_ended',
    });
    expect(decideSend(request({ ...kept, kind: 'payment_plan_confirmation' })).allowed).toBe(true);
    expect(decideSend(request({ ...kept, kind: 'payment_receipt' })).allowed).toBe(true);
  });

  it('refuses until the hold ends while the case is on hold, and ignores a hold that has passed', () => {
    const holdUntil = new Date('2024-05-10T00:00:00Z');
    const held = decideSend(request({ case: { hold: { until: holdUntil, endsOn: '2024-05-10', reason: 'debtor in hospital' } } }));
    expect(held).toMatchObject({
      allowed: false,
      code: 'on_hold',
      rule: 'AMICUS-HOLD',
      reason: 'the case is on hold until 2024-05-10: debtor in hospital',
      notBefore: holdUntil,
      waitsFor: 'time',
    });
    expect(nextAttemptAt(held)).toEqual(holdUntil);
    expect(cancels(held)).toBe(false);
    const passed = { until: new Date('2024-05-01T00:00:00Z'), endsOn: '2024-05-01', reason: 'x' };
    expect(decideSend(request({ case: { hold: passed } })).allowed).toBe(true);
  });

  it('refuses for good to write about a closed case, naming its outcome, whatever the kind', () => {
    for (const [outcome, words] of [
      ['paid', 'paid'],
      ['settled', 'settled'],
      ['written_off', 'written off'],
      ['returned_to_client', 'returned to the client'],
    ] as const) {
      for (const kind of ['reminder', 'payment_receipt'] as const) {
        const decision = decideSend(request({ kind, case: { closed: { outcome } } }));
        expect(decision).toEqual({
          allowed: false,
          code: 'case_closed',
          reason: `the case is closed (${words})`,
          rule: 'AMICUS-CLOSED',
          waitsFor: 'nothing',
        });
        expect(cancels(decision)).toBe(true);
        expect(nextAttemptAt(decision)).toBeUndefined();
      }
    }
  });

  it('refuses for good when the client recalled every claim of the case, before a hold or a dispute', () => {
    const hold = { until: new Date('2024-05-10T00:00:00Z'), endsOn: '2024-05-10', reason: 'x' };
    const decision = decideSend(request({ case: { allClaimsRecalled: true, hold, disputeOpen: true } }));
    expect(decision).toMatchObject({
      allowed: false,
      code: 'claims_recalled',
      reason: 'the client recalled every claim of the case',
      rule: 'AMICUS-RECALLED',
      waitsFor: 'nothing',
    });
    expect(cancels(decision)).toBe(true);
    // Closed is the most lasting reason: it wins over the recall.
    expect(decideSend(request({ case: { allClaimsRecalled: true, closed: { outcome: 'returned_to_client' } } }))).toMatchObject({
      code: 'case_closed',
    });
  });

  it('names the recalled claim a statement made before the recall still counts', () => {
    const refusal = recalledClaimRefusal('F2025-0042');
    expect(refusal).toMatchObject({
      code: 'claim_recalled',
      rule: 'AMICUS-RECALLED',
      reason: 'the client recalled claim F2025-0042 after this was requested: its amounts count it',
    });
    expect(cancels(refusal)).toBe(true);
  });

  it('refuses outside the legal contact window and says when it may go', () => {
    const night = new Date('2024-05-02T21:30:00Z'); // 23:30 in Brussels
    const decision = decideSend(request({ now: night, legalCheck: windowAndFrequency }));
    expect(decision).toMatchObject({
      allowed: false,
      code: 'legally_refused',
      rule: 'BE-A-4',
      source: 'CEL XIX.4',
      waitsFor: 'time',
      channel: 'email',
    });
    expect(nextAttemptAt(decision)).toEqual(new Date('2024-05-03T06:00:00Z'));
  });

  it('counts logged calls in the history the frequency limit sees', () => {
    const history: ContactHistoryEntry[] = [
      { channel: 'email', at: new Date('2024-04-29T09:00:00Z'), direction: 'outbound', kind: 'reminder' },
      { channel: 'phone', at: new Date('2024-04-30T09:00:00Z'), direction: 'outbound', kind: 'call', outcome: 'no_answer' },
      { channel: 'phone', at: new Date('2024-05-01T09:00:00Z'), direction: 'outbound', kind: 'call', outcome: 'reached' },
    ];
    const seen: LegalContactCheckInput[] = [];
    const legalCheck: LegalContactCheck = (input) => {
      seen.push(input);
      return windowAndFrequency(input);
    };
    const decision = decideSend(request({ history, legalCheck }));
    expect(decision).toMatchObject({
      allowed: false,
      code: 'legally_refused',
      rule: 'AGENCY-FREQ',
      notBefore: new Date('2024-05-06T09:00:00Z'),
    });
    expect(seen[0]).toMatchObject({ channel: 'email', kind: 'reminder', at: NOW, country: 'BE', timeZone: 'Europe/Brussels' });
    expect(seen[0].history).toHaveLength(3);
    expect(decideSend(request({ history: history.slice(0, 2), legalCheck })).allowed).toBe(true);
  });

  it('waits for a person when the legal engine refuses without a future moment', () => {
    const legalCheck: LegalContactCheck = () => ({
      allowed: false,
      rule: 'BE-A-1',
      source: 'CEL XIX.2',
      reason: 'agency not registered',
      earliestAt: '2024-05-01T00:00:00Z',
    });
    const decision = decideSend(request({ legalCheck }));
    expect(decision).toMatchObject({ allowed: false, code: 'legally_refused', waitsFor: 'manual' });
    expect(nextAttemptAt(decision)).toBeUndefined();
  });

  it('does not ask the legal engine when the case already refuses', () => {
    const legalCheck = jest.fn(allowAll);
    decideSend(request({ case: { disputeOpen: true }, legalCheck }));
    expect(legalCheck).not.toHaveBeenCalled();
  });
});

describe('communication kinds', () => {
  it('are the kinds the templates are written for', () => {
    expect([...COMMUNICATION_KINDS].sort()).toEqual([...TEMPLATE_KINDS].sort());
  });
});

describe('communicationLanguage', () => {
  it('refuses a brand without languages', () => {
    expect(() => communicationLanguage('nl', [])).toThrow(/at least one language/);
  });
});

// --- properties ----------------------------------------------------------------------------

const channelArb = fc.constantFrom<Channel>(...CHANNELS);
const kindArb = fc.constantFrom<CommunicationKind>(...COMMUNICATION_KINDS);
const minute = 60_000;

const legalArb: fc.Arbitrary<LegalContactDecision> = fc.record(
  {
    allowed: fc.boolean(),
    rule: fc.constantFrom('BE-A-4', 'NL-X-2', 'FREQ'),
    source: fc.constant('test'),
    reason: fc.constant('test'),
    earliestAt: fc.integer({ min: -7 * 24 * 60, max: 7 * 24 * 60 }).map((m) => new Date(NOW.getTime() + m * minute).toISOString()),
  },
  { requiredKeys: ['allowed', 'rule', 'source', 'reason'] },
);

const requestArb: fc.Arbitrary<SendRequest> = fc
  .record({
    preferredChannel: channelArb,
    channelsOrder: fc.uniqueArray(channelArb, { maxLength: 5 }),
    language: fc.constantFrom('nl', 'fr', 'de', 'en', 'es', 'nl-BE'),
    optOuts: fc.uniqueArray(channelArb, { maxLength: 5 }),
    hasEmail: fc.boolean(),
    hasPhone: fc.boolean(),
    hasAddress: fc.boolean(),
    disputeOpen: fc.boolean(),
    paymentPlanKept: fc.boolean(),
    holdMinutes: fc.option(fc.integer({ min: -10_000, max: 10_000 }), { nil: undefined }),
    closed: fc.option(fc.constantFrom('paid', 'settled', 'written_off', 'returned_to_client') as fc.Arbitrary<CaseOutcome>, {
      nil: undefined,
    }),
    allClaimsRecalled: fc.boolean(),
    lateMinutes: fc.option(fc.integer({ min: -10_000, max: 10_000 }), { nil: undefined }),
    brandLanguages: fc.uniqueArray(fc.constantFrom<Language>(...LANGUAGES), { minLength: 1, maxLength: 4 }),
    channel: fc.oneof(fc.constant<'preferred'>('preferred'), channelArb),
    kind: kindArb,
    legal: legalArb,
  })
  .map((r) =>
    request({
      debtor: {
        preferredChannel: r.preferredChannel,
        channelsOrder: r.channelsOrder,
        language: r.language,
        optOuts: r.optOuts,
        contacts: {
          email: r.hasEmail ? 'x@example.org' : undefined,
          phone: r.hasPhone ? '+32470123456' : undefined,
          address: r.hasAddress ? { name: 'X', lines: ['Street 1'], country: 'BE' } : undefined,
        },
      },
      case: {
        disputeOpen: r.disputeOpen,
        paymentPlanKept: r.paymentPlanKept,
        hold:
          r.holdMinutes === undefined
            ? undefined
            : { until: new Date(NOW.getTime() + r.holdMinutes * minute), endsOn: '2024-05-02', reason: 'asked for time' },
        closed: r.closed && { outcome: r.closed },
        allClaimsRecalled: r.allClaimsRecalled,
        firstDue: r.lateMinutes === undefined ? undefined : { on: '2024-05-01', lateAt: new Date(NOW.getTime() + r.lateMinutes * minute) },
      },
      brand: { languages: r.brandLanguages },
      channel: r.channel,
      kind: r.kind,
      legalCheck: () => r.legal,
    }),
  );

describe('decideSend properties', () => {
  it('never allows a channel the debtor opted out of', () => {
    fc.assert(
      fc.property(requestArb, (req) => {
        const decision = decideSend(req);
        if (decision.allowed) expect(req.debtor.optOuts).not.toContain(decision.channel);
      }),
    );
  });

  it('never allows a message that asks to pay while a dispute is open', () => {
    fc.assert(
      fc.property(requestArb, (req) => {
        if (req.case.disputeOpen && asksToPay(req.kind)) expect(decideSend(req).allowed).toBe(false);
      }),
    );
  });

  it('never allows a reminder while a payment plan is kept', () => {
    fc.assert(
      fc.property(requestArb, (req) => {
        if (req.case.paymentPlanKept && asksToPay(req.kind)) expect(decideSend(req).allowed).toBe(false);
      }),
    );
  });

  it('never allows anything for a closed case, one whose claims are all recalled or one on hold, nor a pre-due reminder once a claim is late, and cancels all but the hold', () => {
    fc.assert(
      fc.property(requestArb, (req) => {
        const decision = decideSend(req);
        const held = req.case.hold !== undefined && req.case.hold.until.getTime() > req.now.getTime();
        const late = req.kind === 'pre_due_reminder' && req.case.firstDue !== undefined && req.case.firstDue.lateAt <= req.now;
        const forGood = req.case.closed !== undefined || req.case.allClaimsRecalled === true || late;
        if (forGood || held) expect(decision.allowed).toBe(false);
        expect(cancels(decision)).toBe(forGood);
        if (!forGood && held) expect(decision).toMatchObject({ code: 'on_hold', notBefore: req.case.hold!.until });
        if (!decision.allowed) expect(decision.reason).not.toBe('');
      }),
    );
  });

  it('cancels on a hold exactly what deciding at the end of the hold would cancel', () => {
    fc.assert(
      fc.property(requestArb, (req) => {
        const never = neverAfterHold(req.case, req.kind, req.now);
        if (!req.case.hold) return expect(never).toBeUndefined();
        const end = new Date(Math.max(req.case.hold.until.getTime(), req.now.getTime()));
        const atEnd = decideSend({ ...req, case: { ...req.case, hold: undefined }, now: end });
        expect(Boolean(never)).toBe(cancels(atEnd));
        if (never) expect(never.code).toBe((atEnd as { code: string }).code);
      }),
    );
  });

  it('gives a notBefore only in the future', () => {
    fc.assert(
      fc.property(requestArb, (req) => {
        const decision = decideSend(req);
        if (!decision.allowed && decision.notBefore) expect(decision.notBefore.getTime()).toBeGreaterThan(req.now.getTime());
        const next = nextAttemptAt(decision);
        if (next) expect(next.getTime()).toBeGreaterThan(req.now.getTime());
      }),
    );
  });

  it('allows only what the legal engine allowed, with a contact for the channel and a language the brand has', () => {
    fc.assert(
      fc.property(requestArb, (req) => {
        const decision = decideSend(req);
        if (!decision.allowed) return;
        expect(decision.legal.allowed).toBe(true);
        expect(decision.recipient).toBeTruthy();
        expect(req.brand.languages).toContain(decision.language);
        if (req.channel !== 'preferred') expect(decision.channel).toBe(req.channel);
      }),
    );
  });
});
