/**
 * Belgium, consumer debtor: CEL Book XIX (first reminder free, 14-day term, damages scale,
 * interest capped at the commercial reference rate) and its Title 2 on amicable collection.
 */
import { money } from '@amicus/money';
import { addDays, describeDate } from '@amicus/calendar';
import { effectiveDueDate, firstReminderOf, perClaim, type CaseContext, type SentCommunication } from '../../core/case-context';
import { allow, refuse, startOfDay } from '../../core/decision';
import type { Claim, Decision } from '../../types';
import type { ChargeRight, InterestRight, RulePack, StepContext, Term } from '../jurisdiction';
import { CONTACT_STEPS, channelCheck, contactChecks, noticeTermCheck, openCheck, overdueCheck, sentOfKind } from '../step-checks';
import { beConsumerDamagesCap } from './damages';
import { beConsumerMentions } from './mentions';
import { BE_ALLOCATION, CEL_XIX, CEL_XIX_T2 } from './sources';
import { beTerm } from './term';

const REMINDER_CHANNELS = ['letter', 'email', 'sms', 'whatsapp'];

function sectorRefusal(claim: Claim): ChargeRight | undefined {
  const sector = claim.terms?.sector;
  if (sector === 'energy' || sector === 'telecom') {
    return {
      allowed: false,
      rule: 'BE-C-SCOPE',
      source: CEL_XIX,
      reason: `${sector} contracts have their own rules, out of this engine's scope: charges need a manual decision`,
    };
  }
  return undefined;
}

interface ReminderTerm {
  reminder: SentCommunication;
  term: Term;
}
const terms = new WeakMap<CaseContext, Map<Claim, ReminderTerm | undefined>>();

/** BE-C-1/BE-C-4: the term opened by the claim's (complete) first reminder (asked by each right and step check: once per case). */
function termOf(ctx: CaseContext, claim: Claim): ReminderTerm | undefined {
  return perClaim(terms, ctx, claim, () => {
    const reminder = firstReminderOf(ctx, claim, REMINDER_CHANNELS);
    return reminder ? { reminder, term: beTerm(reminder.sentAt, reminder.channel, ctx.timeZone, ctx.options) } : undefined;
  });
}

const NO_REMINDER = 'no complete first reminder was sent after the due date (BE-C-8: an incomplete one does not count)';

function damagesRight(ctx: CaseContext, claim: Claim): ChargeRight {
  const out = sectorRefusal(claim);
  if (out) return out;
  const clause = claim.terms?.damagesClause;
  if (!clause) return { allowed: false, rule: 'BE-C-7', source: CEL_XIX, reason: 'the contract has no damages clause' };
  if (!clause.reciprocal) return { allowed: false, rule: 'BE-C-7', source: CEL_XIX, reason: 'the damages clause is not reciprocal' };
  if (ctx.currency !== 'EUR')
    return { allowed: false, rule: 'BE-C-7', source: CEL_XIX, reason: `the statutory scale is in euro; no damages in ${ctx.currency}` };
  const t = termOf(ctx, claim);
  if (!t) return { allowed: false, rule: 'BE-C-1', source: CEL_XIX, reason: NO_REMINDER };
  return { allowed: true, rule: 'BE-C-4', source: t.term.source, reason: t.term.explanation, from: t.term.chargesFrom };
}

function interestRight(ctx: CaseContext, claim: Claim): InterestRight {
  const out = sectorRefusal(claim);
  if (out) return out;
  const clause = claim.terms?.interestClause;
  if (!clause) return { allowed: false, rule: 'BE-C-5', source: CEL_XIX, reason: 'the contract provides no interest' };
  const t = termOf(ctx, claim);
  if (!t) return { allowed: false, rule: 'BE-C-1', source: CEL_XIX, reason: NO_REMINDER };
  const table = ctx.options.rateTables['be-late-payment'];
  const rate = clause.ratePercent
    ? { kind: 'contract_capped' as const, ratePercent: clause.ratePercent, table }
    : { kind: 'table' as const, table };
  // BE-C-6: a small-enterprise creditor counts interest from the day after the reminder was sent.
  const sme = ctx.input.creditor?.smallEnterprise === true;
  const accrualFrom = sme ? addDays(t.term.sentOn, 1) : t.term.chargesFrom;
  return {
    allowed: true,
    rule: sme ? 'BE-C-6' : 'BE-C-5',
    source: CEL_XIX,
    from: t.term.chargesFrom,
    accrualFrom,
    rate,
    reason: `${t.term.explanation}; interest ${clause.ratePercent ? `at the contract rate ${clause.ratePercent}%, capped at` : 'at'} the Law 2002 reference rate from ${describeDate(accrualFrom)}`,
  };
}

/** BE-C-2: from the 4th missed due date in a calendar year of a regular-supply contract, €7.50 + postage. */
function reminderFee(s: StepContext): Decision {
  const cur = s.ctx.currency;
  const regular = s.ctx.claims.filter((c) => c.terms?.regularSupply);
  const fourthOrLater = s.active.filter((c) => {
    if (!c.terms?.regularSupply) return false;
    const due = effectiveDueDate(c);
    return regular.filter((o) => effectiveDueDate(o).slice(0, 4) === due.slice(0, 4) && effectiveDueDate(o) <= due).length >= 4;
  });
  if (fourthOrLater.length && cur === 'EUR') {
    return allow('BE-C-2', CEL_XIX, 'regular supply, 4th or later missed due date this year: at most €7.50 plus the postage in force', {
      maxCharge: money(750n, 'EUR'),
      claimIds: fourthOrLater.map((c) => c.id),
    });
  }
  return allow('BE-C-2', CEL_XIX, 'this reminder is free of charge', { maxCharge: money(0n, cur) });
}

function stepChecks(s: StepContext): Decision[] {
  const { ctx } = s;
  const checks: Decision[] = [channelCheck(s), openCheck(s, 'BE-A-4', CEL_XIX_T2)];
  const collector = ctx.input.collector ?? { kind: 'agency' as const };
  const agency = collector.kind === 'agency';
  if (agency) {
    checks.push(
      collector.registrationNumber
        ? allow('BE-A-1', CEL_XIX_T2, `agency registered with FPS Economy (${collector.registrationNumber})`)
        : refuse('BE-A-1', CEL_XIX_T2, 'the agency has no FPS Economy registration: it may not contact consumers'),
    );
  }
  const thirdParty = collector.kind !== 'creditor';
  const reminders = s.active
    .map((c) => ({ claim: c, t: termOf(ctx, c) }))
    .filter((x) => x.t && Date.parse(x.t.reminder.sentAt) <= Date.parse(s.now));
  const reminderSent = reminders.length
    ? allow('BE-C-1', CEL_XIX, `first reminder sent ${describeDate(reminders[0].t!.term.sentOn)}`)
    : refuse('BE-C-8', CEL_XIX, `${NO_REMINDER}; send a complete first reminder first`);
  const notices = sentOfKind(s, (c) => c.sender === 'agency' && (c.kind === 'formal_notice' || c.kind === 'first_reminder'));
  const noticeTerm = (): Decision[] =>
    thirdParty ? [noticeTermCheck(s, notices, ctx.options.formalNoticeDays, 'BE-A-2', CEL_XIX_T2, 'the formal notice')] : [];

  switch (s.step) {
    case 'first_reminder':
      checks.push(overdueCheck(s, 'BE-C-1', CEL_XIX));
      if (reminders.length === s.active.length && s.active.length > 0)
        checks.push(
          refuse('BE-C-1', CEL_XIX, 'a complete first reminder was already sent for every open claim; send a further reminder instead'),
        );
      else
        checks.push(
          allow(
            'BE-C-1',
            CEL_XIX,
            'the first reminder is free of charge' + (agency ? '; from the agency it is also the formal notice (BE-A-2)' : ''),
            { maxCharge: money(0n, ctx.currency) },
          ),
        );
      break;
    case 'formal_notice':
      checks.push(overdueCheck(s, 'BE-C-1', CEL_XIX), reminderSent);
      break;
    case 'reminder':
    case 'final_notice':
      checks.push(overdueCheck(s, 'BE-C-1', CEL_XIX), reminderSent, ...noticeTerm(), reminderFee(s));
      break;
    case 'hand_to_legal': {
      checks.push(overdueCheck(s, 'BE-C-1', CEL_XIX), reminderSent);
      const ends = reminders.map((r) => r.t!.term.chargesFrom).sort();
      if (ends.length) {
        checks.push(
          ends[0] <= s.today
            ? allow('BE-C-4', CEL_XIX, `the first reminder's term ended before ${describeDate(ends[0])}`)
            : refuse(
                'BE-C-4',
                CEL_XIX,
                `the first reminder's term runs until the day before ${describeDate(ends[0])}`,
                startOfDay(ends[0], ctx.timeZone),
              ),
        );
      }
      checks.push(...noticeTerm());
      break;
    }
    default:
      if (CONTACT_STEPS.includes(s.step)) checks.push(overdueCheck(s, 'BE-C-1', CEL_XIX), ...noticeTerm());
  }
  checks.push(...contactChecks(s, ctx.options.contact['BE-consumer']));
  return checks;
}

export const beConsumer: RulePack = {
  country: 'BE',
  debtorKind: 'consumer',
  damagesRight,
  interestRight,
  maxDamages: (outstanding) => beConsumerDamagesCap(outstanding),
  stepChecks,
  requiredMentions: beConsumerMentions,
  allocation: BE_ALLOCATION,
};
