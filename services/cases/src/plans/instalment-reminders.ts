/**
 * The reminder before an instalment of a kept plan, as plain values. An instalment is reminded of
 * REMINDER_LEAD_DAYS days before its date (3: time for a bank transfer to arrive), once, and only
 * when payments do not cover it yet. An instalment whose reminder day is not after the day the
 * plan was agreed gets none: the plan's confirmation, sent that day, lists it. A tick that comes
 * late still reminds up to the instalment's date, never after it (then it is the sweep's to see
 * whether it was missed).
 */
import { addDays, type CalendarDate } from '@amicus/calendar';
import type { InstalmentStatus } from './payment-plan';

export const REMINDER_LEAD_DAYS = 3;

/** An instalment as the plan's standing of the day shows it. */
export interface StandingInstalment {
  seq: number;
  dueOn: CalendarDate;
  amountMinor: bigint;
  paidMinor: bigint;
  status: InstalmentStatus;
}

export interface InstalmentReminder {
  seq: number;
  dueOn: CalendarDate;
  amountMinor: bigint;
  /** Still to pay of it. */
  openMinor: bigint;
}

export interface ReminderDecision {
  /** The reminders to send today, in order. */
  remind: InstalmentReminder[];
  /** The last instalment dealt with (reminded, or passed over because it was covered or its day had gone). */
  remindedSeq: number;
  /** The day the next reminder is due, if any instalment is left to remind of. */
  nextOn: CalendarDate | null;
}

export const reminderDayOf = (dueOn: CalendarDate, lead = REMINDER_LEAD_DAYS): CalendarDate => addDays(dueOn, -lead);

/** The instalments after `remindedSeq` that get a reminder at all: their reminder day after the day the plan was agreed. */
const remindable = <I extends { seq: number; dueOn: CalendarDate }>(
  instalments: readonly I[],
  remindedSeq: number,
  agreedOn: CalendarDate,
  lead: number,
): I[] => instalments.filter((i) => i.seq > remindedSeq && reminderDayOf(i.dueOn, lead) > agreedOn);

/** The first reminder day of a plan agreed on `agreedOn`, or null when no instalment gets one. */
export function firstReminderOn(
  instalments: readonly { seq: number; dueOn: CalendarDate }[],
  agreedOn: CalendarDate,
  lead = REMINDER_LEAD_DAYS,
): CalendarDate | null {
  const first = remindable(instalments, 0, agreedOn, lead)[0];
  return first ? reminderDayOf(first.dueOn, lead) : null;
}

/** What the tick does about a plan's reminders on `today`, given its standing that day. */
export function instalmentReminders(
  instalments: readonly StandingInstalment[],
  remindedSeq: number,
  agreedOn: CalendarDate,
  today: CalendarDate,
  lead = REMINDER_LEAD_DAYS,
): ReminderDecision {
  const remind: InstalmentReminder[] = [];
  let last = remindedSeq;
  let nextOn: CalendarDate | null = null;
  for (const i of remindable(instalments, remindedSeq, agreedOn, lead)) {
    const day = reminderDayOf(i.dueOn, lead);
    if (day > today) {
      nextOn = day;
      break;
    }
    last = i.seq;
    const openMinor = i.amountMinor - i.paidMinor;
    if (i.dueOn >= today && openMinor > 0n) remind.push({ seq: i.seq, dueOn: i.dueOn, amountMinor: i.amountMinor, openMinor });
  }
  return { remind, remindedSeq: last, nextOn };
}
