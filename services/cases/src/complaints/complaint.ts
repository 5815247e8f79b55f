/**
 * A complaint about how a case was handled (tone, contact frequency, a wrong person contacted …),
 * as plain values (#13 §2): logged from any channel — an agent records the debtor's from a call,
 * an e-mail or a letter, the debtor on its page, the client in its portal — and routed to the
 * agency admin, who answers it by its due day and closes it.
 *
 *   open ─ answer ─→ answered ─ close (upheld or not) ─→ closed
 *
 * While it is not closed, the admin decides whether the case's journey pauses (`pausesJourney`;
 * journeys/journey.ts `mayGoOn` reads it); closing it ends the pause.
 *
 * The due day: COMPLAINT_ANSWER_BUSINESS_DAYS business days of the agency's calendar from the
 * day it is logged. The design notes are silent; 15 business days is the EU's nearest written
 * model for answering a consumer's complaint (PSD2, Directive (EU) 2015/2366 art. 101(2): a
 * payment service provider answers within 15 business days) — an analogy, not a rule binding a
 * collection agency, and short enough that a debtor's grievance does not outlive the next steps.
 */
import { DomainError } from '@amicus/errors';
import type { CalendarDate } from '@amicus/calendar';
import type { Actor, CommandContext } from '../case-lifecycle/case-lifecycle';
import { DISPUTE_CHANNELS, type DisputeChannel } from '../disputes/dispute';

export const COMPLAINT_CATEGORIES = ['tone', 'contact_frequency', 'wrong_person', 'privacy', 'other'] as const;
export type ComplaintCategory = (typeof COMPLAINT_CATEGORIES)[number];
/** A complaint comes by any channel a dispute does (disputes/). */
export const COMPLAINT_CHANNELS = DISPUTE_CHANNELS;
export type ComplaintChannel = DisputeChannel;
export const COMPLAINT_STATUSES = ['open', 'answered', 'closed'] as const;
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];

export const COMPLAINT_ANSWER_BUSINESS_DAYS = 15;
export const MAX_COMPLAINT_TEXT = 10_000;

/** The journey's reason while an open complaint pauses it. */
export const COMPLAINT_PAUSE = 'a complaint is open and the agency paused collection until it is closed';

export interface Complaint {
  id: string;
  caseId: string;
  clientId: string;
  brandId: string;
  category: ComplaintCategory;
  channel: ComplaintChannel;
  /** Whose complaint: the debtor's (also when an agent records it), or the client's. */
  by: 'debtor' | 'client';
  text: string;
  status: ComplaintStatus;
  loggedAt: string;
  loggedBy: string;
  dueOn: CalendarDate;
  pausesJourney: boolean;
  pauseDecidedBy: string | null;
  answer: { text: string; at: string; by: string; inTime: boolean } | null;
  closure: { upheld: boolean; note: string | null; at: string; by: string } | null;
  version: number;
}

export interface ComplaintCase {
  caseId: string;
  clientId: string;
  brandId: string;
  phase: string;
}

export type ComplaintEvent = { type: 'ComplaintLogged'; complaint: Complaint } | { type: 'ComplaintClosed'; complaint: Complaint };

export interface ComplaintDecision {
  complaint: Complaint;
  events: ComplaintEvent[];
  audit: { action: string; reason: string };
  /** The journey's pause changed: wake it so the gate is asked again now. */
  wake: boolean;
}

/** Channels an agent (or the admin) records a debtor's complaint from. */
const STAFF_CHANNELS: readonly ComplaintChannel[] = COMPLAINT_CHANNELS.filter((c) => c !== 'client_portal' && c !== 'debtor_page');

export function logComplaint(
  kase: ComplaintCase,
  input: { complaintId: string; category: string; channel: string; text: string; debtorPage?: boolean },
  dueOn: CalendarDate,
  ctx: CommandContext,
): ComplaintDecision {
  const problems: { field: string; reason: string }[] = [];
  if (!(COMPLAINT_CATEGORIES as readonly string[]).includes(input.category))
    problems.push({ field: 'category', reason: `is one of ${COMPLAINT_CATEGORIES.join(', ')}` });
  const text = input.text.trim();
  if (!text) problems.push({ field: 'text', reason: 'is required: what the complaint is about' });
  else if (text.length > MAX_COMPLAINT_TEXT) problems.push({ field: 'text', reason: `is at most ${MAX_COMPLAINT_TEXT} characters` });
  const channel = channelFor(ctx.actor, input, problems);
  if (problems.length) throw DomainError.invalid(problems);
  if (kase.phase === 'closed') throw new DomainError('conflict', `case ${kase.caseId} is closed`);
  const complaint: Complaint = {
    id: input.complaintId,
    caseId: kase.caseId,
    clientId: kase.clientId,
    brandId: kase.brandId,
    category: input.category as ComplaintCategory,
    channel,
    by: ctx.actor.kind === 'client' ? 'client' : 'debtor',
    text,
    status: 'open',
    loggedAt: ctx.at.toISOString(),
    loggedBy: who(ctx.actor),
    dueOn,
    pausesJourney: false,
    pauseDecidedBy: null,
    answer: null,
    closure: null,
    version: 1,
  };
  return {
    complaint,
    events: [{ type: 'ComplaintLogged', complaint }],
    audit: {
      action: 'complaint_logged',
      reason: `complaint (${complaint.category}, by the ${complaint.by} via ${channel}) to be answered by ${dueOn}`,
    },
    wake: false,
  };
}

/** The admin decides whether the case's journey pauses while the complaint is open. */
export function pauseForComplaint(c: Complaint, input: { pause: boolean }, ctx: CommandContext): ComplaintDecision {
  requireAdmin(ctx.actor, 'decide whether the journey pauses for a complaint');
  if (c.status === 'closed') throw new DomainError('conflict', `complaint ${c.id} is closed`);
  if (c.pausesJourney === input.pause)
    throw new DomainError('conflict', `the journey already ${input.pause ? 'pauses' : 'goes on'} for complaint ${c.id}`);
  const complaint: Complaint = { ...c, pausesJourney: input.pause, pauseDecidedBy: who(ctx.actor), version: c.version + 1 };
  return {
    complaint,
    events: [],
    audit: {
      action: 'complaint_pause',
      reason: input.pause ? 'collection paused while the complaint is open' : 'collection goes on while the complaint is open',
    },
    wake: !input.pause,
  };
}

export function answerComplaint(c: Complaint, input: { answer: string }, ctx: CommandContext): ComplaintDecision {
  requireAdmin(ctx.actor, 'answer a complaint');
  if (c.status !== 'open') throw new DomainError('conflict', `complaint ${c.id} is ${c.status}: it has its answer`);
  const text = input.answer.trim();
  if (!text) throw DomainError.invalid([{ field: 'answer', reason: 'is required' }]);
  if (text.length > MAX_COMPLAINT_TEXT)
    throw DomainError.invalid([{ field: 'answer', reason: `is at most ${MAX_COMPLAINT_TEXT} characters` }]);
  const inTime = ctx.today <= c.dueOn;
  const complaint: Complaint = {
    ...c,
    status: 'answered',
    answer: { text, at: ctx.at.toISOString(), by: who(ctx.actor), inTime },
    version: c.version + 1,
  };
  return {
    complaint,
    events: [],
    audit: { action: 'complaint_answered', reason: inTime ? 'complaint answered' : `complaint answered late (due ${c.dueOn})` },
    wake: false,
  };
}

/** Closes an answered complaint, upheld or not; a pause it held ends. */
export function closeComplaint(c: Complaint, input: { upheld: boolean; note: string | null }, ctx: CommandContext): ComplaintDecision {
  requireAdmin(ctx.actor, 'close a complaint');
  if (c.status === 'closed') throw new DomainError('conflict', `complaint ${c.id} is already closed`);
  if (c.status !== 'answered') throw new DomainError('conflict', `complaint ${c.id} has no answer yet: answer it before closing it`);
  const note = input.note?.trim() || null;
  if (note && note.length > MAX_COMPLAINT_TEXT)
    throw DomainError.invalid([{ field: 'note', reason: `is at most ${MAX_COMPLAINT_TEXT} characters` }]);
  const complaint: Complaint = {
    ...c,
    status: 'closed',
    closure: { upheld: input.upheld, note, at: ctx.at.toISOString(), by: who(ctx.actor) },
    version: c.version + 1,
  };
  return {
    complaint,
    events: [{ type: 'ComplaintClosed', complaint }],
    audit: { action: 'complaint_closed', reason: `complaint closed, ${input.upheld ? 'upheld' : 'not upheld'}${note ? `: ${note}` : ''}` },
    wake: c.pausesJourney,
  };
}

/** Whether the case's open complaints pause its journey (journeys/journey.ts, mayGoOn). */
export function pausesJourney(complaints: readonly Pick<Complaint, 'status' | 'pausesJourney'>[]): boolean {
  return complaints.some((c) => c.status !== 'closed' && c.pausesJourney);
}

export function isOverdue(c: Complaint, today: CalendarDate): boolean {
  return c.status === 'open' && today > c.dueOn;
}

function channelFor(
  actor: Actor,
  input: { channel: string; debtorPage?: boolean },
  problems: { field: string; reason: string }[],
): ComplaintChannel {
  if (input.debtorPage) return 'debtor_page';
  if (actor.kind === 'client') return 'client_portal';
  const channel = input.channel as ComplaintChannel;
  const allowed = actor.kind === 'admin' ? [...STAFF_CHANNELS, 'client_portal' as const] : STAFF_CHANNELS;
  if (!allowed.includes(channel)) problems.push({ field: 'channel', reason: `is one of ${allowed.join(', ')}` });
  return channel;
}

function requireAdmin(actor: Actor, what: string): void {
  if (actor.kind !== 'admin') throw new DomainError('forbidden', `the agency admin is the one to ${what}`);
}

const who = (a: Actor) => `${a.kind}:${a.id}`;
