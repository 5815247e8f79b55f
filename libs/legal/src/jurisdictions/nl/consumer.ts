/**
 * Netherlands, consumer debtor: art. 6:96 BW with the BIK (costs only after the 14-day letter),
 * statutory interest of art. 6:119 BW from default.
 */
import { money } from '@amicus/money';
import { addDays, describeDate } from '@amicus/calendar';
import { effectiveDueDate, firstReminderOf, perClaim, type CaseContext, type SentCommunication } from '../../core/case-context';
import { allow, refuse, startOfDay } from '../../core/decision';
import type { Claim, Decision } from '../../types';
import type { ChargeRight, InterestRight, RulePack, StepContext, Term } from '../jurisdiction';
import { channelCheck, contactChecks, DOMAIN, openCheck, overdueCheck } from '../step-checks';
import { bikScale } from './costs';
import { nlConsumerMentions } from './mentions';
import { BIK, BW_6119, BW_696, NL_ALLOCATION } from './sources';
import { nlTerm } from './term';

/** The 14-day letter must be in writing: a letter, or an e-mail (Choice: SMS does not count). */
const LETTER_CHANNELS = ['letter', 'email'];
const NO_LETTER = 'no complete 14-day letter was sent after the due date';

interface LetterTerm {
  letter: SentCommunication;
  term: Term;
}
const terms = new WeakMap<CaseContext, Map<Claim, LetterTerm | undefined>>();

/** NL-C-1: the term opened by the claim's 14-day letter (asked by each right and step check: once per case). */
function termOf(ctx: CaseContext, claim: Claim): LetterTerm | undefined {
  return perClaim(terms, ctx, claim, () => {
    const letter = firstReminderOf(ctx, claim, LETTER_CHANNELS);
    return letter ? { letter, term: nlTerm(letter.sentAt, letter.channel, ctx.timeZone, ctx.options) } : undefined;
  });
}

function damagesRight(ctx: CaseContext, claim: Claim): ChargeRight {
  if (ctx.currency !== 'EUR')
    return { allowed: false, rule: 'NL-C-3', source: BIK, reason: `the BIK scale is in euro; no costs in ${ctx.currency}` };
  const t = termOf(ctx, claim);
  if (!t) return { allowed: false, rule: 'NL-C-1', source: BW_696, reason: NO_LETTER };
  return { allowed: true, rule: 'NL-C-1', source: t.term.source, reason: t.term.explanation, from: t.term.chargesFrom };
}

function interestRight(ctx: CaseContext, claim: Claim): InterestRight {
  // NL-C-4: statutory interest from the day of default (the day after the due date).
  const from = addDays(effectiveDueDate(claim), 1);
  return {
    allowed: true,
    rule: 'NL-C-4',
    source: BW_6119,
    from,
    accrualFrom: from,
    rate: { kind: 'table', table: ctx.options.rateTables['nl-statutory'] },
    reason: `statutory interest from the day of default, ${describeDate(from)}`,
  };
}

function stepChecks(s: StepContext): Decision[] {
  const { ctx } = s;
  const checks: Decision[] = [channelCheck(s), openCheck(s, 'CASE-DISPUTE', DOMAIN), overdueCheck(s, 'NL-C-1', BW_696)];
  const letters = s.active.map((c) => termOf(ctx, c)).filter((t) => t && Date.parse(t.letter.sentAt) <= Date.parse(s.now));
  const letterSent = letters.length
    ? allow('NL-C-1', BW_696, `14-day letter sent ${describeDate(letters[0]!.term.sentOn)}`)
    : refuse('NL-C-1', BW_696, `${NO_LETTER}; send it first`);
  switch (s.step) {
    case 'first_reminder':
      if (letters.length === s.active.length && s.active.length > 0)
        checks.push(refuse('NL-C-1', BW_696, 'a 14-day letter was already sent for every open claim; send a further reminder instead'));
      else checks.push(allow('NL-C-1', BW_696, 'the 14-day letter carries no costs', { maxCharge: money(0n, ctx.currency) }));
      break;
    case 'reminder':
    case 'formal_notice':
    case 'final_notice':
      checks.push(letterSent, allow('NL-C-3', BIK, 'no charge for sending a reminder', { maxCharge: money(0n, ctx.currency) }));
      break;
    case 'hand_to_legal': {
      checks.push(letterSent);
      const ends = letters.map((t) => t!.term.chargesFrom).sort();
      if (ends.length) {
        checks.push(
          ends[0] <= s.today
            ? allow('NL-C-1', BW_696, `the 14-day term ended before ${describeDate(ends[0])}`)
            : refuse(
                'NL-C-1',
                BW_696,
                `the 14-day term runs until the day before ${describeDate(ends[0])}`,
                startOfDay(ends[0], ctx.timeZone),
              ),
        );
      }
      break;
    }
    default: // contact and charge steps: no NL-C document rule; the checks below apply
      break;
  }
  checks.push(...contactChecks(s, ctx.options.contact['NL-consumer']));
  return checks;
}

export const nlConsumer: RulePack = {
  country: 'NL',
  debtorKind: 'consumer',
  damagesRight,
  interestRight,
  maxDamages: (principal) => bikScale(principal),
  stepChecks,
  requiredMentions: (kind) => nlConsumerMentions(kind),
  allocation: NL_ALLOCATION,
};
