/**
 * Building blocks shared by the rule packs for document, contact and legal steps.
 */
import { addDays, describeDate } from '@amicus/calendar';
import { concerns, effectiveDueDate, isDisputed, type SentCommunication } from '../core/case-context';
import { contactWindowDecision, frequencyDecision } from '../core/contact-window';
import { allow, refuse, startOfDay } from '../core/decision';
import type { ContactPolicy } from '../options';
import { DOCUMENT_KINDS, type CalendarDate, type Decision, type Step } from '../types';
import type { StepContext } from './jurisdiction';

export const DOCUMENT_STEPS: readonly Step[] = DOCUMENT_KINDS;
export const CONTACT_STEPS: readonly Step[] = ['phone_call', 'sms', 'email'];
export const DOMAIN = 'Amicus domain rules (domain.md)';

/** Something is still to collect on an undisputed claim. */
export function openCheck(s: StepContext, disputeRule: string, disputeSource: string): Decision {
  if (s.active.length > 0)
    return allow('CASE-OPEN', DOMAIN, `${s.active.length} claim(s) open and undisputed`, { claimIds: s.active.map((c) => c.id) });
  const disputed = s.ctx.claims.some((c) => isDisputed(s.ctx, c.id));
  if (disputed) return refuse(disputeRule, disputeSource, 'every open claim is disputed: collection waits until the dispute is resolved');
  return refuse('CASE-OPEN', DOMAIN, 'nothing outstanding on this case');
}

/**
 * A case goes to legal staff only when no dispute is open on a claim still to collect (domain.md,
 * "A case's life": legal escalation needs no open dispute) — the debtor's defences are answered
 * first, and the court file carries them with their outcome.
 */
export function escalationDisputeCheck(s: StepContext): Decision {
  const disputed = s.ctx.claims.filter((c) => isDisputed(s.ctx, c.id));
  if (disputed.length === 0) return allow('CASE-DISPUTE-OPEN', DOMAIN, 'no dispute is open on the case');
  const names = disputed.map((c) => c.number ?? c.id).join(', ');
  return refuse('CASE-DISPUTE-OPEN', DOMAIN, `a dispute is open on ${names}: no escalation to legal until it is resolved`, undefined, {
    claimIds: disputed.map((c) => c.id),
  });
}

/** A due date has passed (the debtor is late / in default). */
export function overdueCheck(s: StepContext, rule: string, source: string): Decision {
  const due = s.active.map(effectiveDueDate).sort();
  if (due.length === 0) return refuse(rule, source, 'no open claim');
  const overdue = s.active.filter((c) => effectiveDueDate(c) < s.today);
  if (overdue.length) return allow(rule, source, `${overdue.length} claim(s) past their due date`, { claimIds: overdue.map((c) => c.id) });
  const firstLate: CalendarDate = addDays(due[0], 1);
  return refuse(
    rule,
    source,
    `no claim is past its due date yet; the first falls due ${describeDate(due[0])}`,
    startOfDay(firstLate, s.ctx.timeZone),
  );
}

export function channelCheck(s: StepContext): Decision {
  const documents = ['letter', 'email', 'sms', 'whatsapp'];
  if (DOCUMENT_STEPS.includes(s.step) && !documents.includes(s.channel))
    return refuse('CASE-CHANNEL', DOMAIN, `a ${s.step} is a written document; ${s.channel} cannot carry it`);
  const expected: Partial<Record<Step, string>> = { phone_call: 'phone', sms: 'sms', email: 'email' };
  const want = expected[s.step];
  if (want && s.channel !== want) return refuse('CASE-CHANNEL', DOMAIN, `step ${s.step} goes by ${want}, not ${s.channel}`);
  return allow('CASE-CHANNEL', DOMAIN, `${s.channel} can carry ${s.step}`);
}

export function contactChecks(s: StepContext, policy: ContactPolicy): Decision[] {
  if (s.channel === 'letter') return [];
  return [
    contactWindowDecision(policy, s.channel, s.now, s.ctx.timeZone),
    frequencyDecision(policy, s.ctx.communications, s.now, s.ctx.timeZone),
  ];
}

/** Communications of a kind on an active claim, sent before now. */
export function sentOfKind(s: StepContext, match: (c: SentCommunication) => boolean): SentCommunication[] {
  return s.ctx.communications.filter(
    (c) => Date.parse(c.sentAt) <= Date.parse(s.now) && match(c) && s.active.some((cl) => concerns(c, cl.id)),
  );
}

/** A notice's reaction term: no further step before `days` full days after the sending day. */
export function noticeTermCheck(
  s: StepContext,
  notices: SentCommunication[],
  days: number,
  rule: string,
  source: string,
  what: string,
): Decision {
  if (notices.length === 0) return refuse(rule, source, `no ${what} has been sent yet; send it first`);
  const n = notices[0];
  const from = addDays(n.sentOn, days + 1);
  if (s.today >= from)
    return allow(rule, source, `${what} sent ${describeDate(n.sentOn)}; its ${days}-day term ended ${describeDate(addDays(from, -1))}`);
  return refuse(
    rule,
    source,
    `${what} sent ${describeDate(n.sentOn)}: its ${days}-day term runs to ${describeDate(addDays(from, -1))}`,
    startOfDay(from, s.ctx.timeZone),
  );
}

/**
 * The steps of a business case (BE Law 2 Aug 2002, NL art. 6:119a BW alike): no free-reminder
 * rule, the case open and overdue; a hand-over to legal after a formal notice and its term.
 */
export function businessStepChecks(
  s: StepContext,
  rules: { overdue: [rule: string, source: string]; legal: [rule: string, source: string]; contact: ContactPolicy },
): Decision[] {
  const checks: Decision[] = [channelCheck(s), openCheck(s, 'CASE-DISPUTE', DOMAIN), overdueCheck(s, ...rules.overdue)];
  if (s.step === 'hand_to_legal') {
    const notices = sentOfKind(s, (c) => c.kind === 'formal_notice' || c.kind === 'final_notice');
    checks.push(noticeTermCheck(s, notices, s.ctx.options.legalWaitDays, ...rules.legal, 'a formal notice'));
  }
  checks.push(...contactChecks(s, rules.contact));
  return checks;
}
