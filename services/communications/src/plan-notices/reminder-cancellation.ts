/**
 * What becomes of a reminder before an instalment (`instalment_reminder`) still queued — requested,
 * or scheduled (held by the debtor's contact window, by a hold) — when the money or the plan moves
 * on before it goes out (issue 11, §5: communications stops or adapts what it sends), as plain values:
 *   - a payment on the case (PaymentReceived) covers the queued reminders' open parts, the
 *     earliest instalment first (as cases' plan standing counts them): one covered in full is
 *     cancelled (`instalment_paid`), one covered in part asks only for what is still open;
 *   - the plan completed or broken (PaymentPlanCompleted, PaymentPlanBroken): its queued
 *     reminders are cancelled (`payment_plan_ended`; a broken plan's missed notice says the rest);
 *   - the case closed: the contact rules' `case_closed` cancels every queued communication already
 *     (CaseChangesService), reminders included.
 * Each once per fact, however often and under whichever id an event announces it: a payment counts
 * once per reminder (its id is kept on the reminder's details, `countedPayments`) and only for a
 * reminder asked for before the payment was recorded (`asOf`: the InstalmentDue's instant — a
 * reminder asked for after it already had the payment deducted by cases).
 */
import { formatMoney } from '@amicus/money';
import type { SendRefused } from '../contact-rules/contact-rules';
import type { PlanNotice } from './plan-notices';

/** A queued communication as this decision sees it. */
export interface QueuedNotice {
  id: string;
  kind: string;
  details: PlanNotice | null;
}

/** A payment recorded on the case (PaymentReceived), `recordedAt` its event's instant. */
export interface PaymentIn {
  paymentId: string;
  amountMinor: string;
  currency: string;
  receivedOn: string;
  recordedAt: string;
}

export type ReminderChange =
  | { kind: 'cancel'; id: string; refusal: SendRefused }
  /** Still to go, with the part of its instalment still open (and the payment counted). */
  | { kind: 'adapt'; id: string; details: PlanNotice; amounts: { paidMinor: string; totalMinor: string; principalMinor: string } };

/** The rule the agency's own plan decisions name. */
export const PLAN_RULE = 'AMICUS-PLAN';

const isReminder = (c: QueuedNotice): c is QueuedNotice & { details: PlanNotice } => c.kind === 'instalment_reminder' && c.details !== null;

const byInstalment = (a: PlanNotice, b: PlanNotice) =>
  a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : (a.instalments[0]?.seq ?? 0) - (b.instalments[0]?.seq ?? 0);

const money = (minor: bigint, currency: string) => formatMoney({ amountMinor: minor, currency });

/** What a payment does to the case's queued instalment reminders; nothing for one already counted or one they had deducted. */
export function afterPayment(queued: readonly QueuedNotice[], payment: PaymentIn): ReminderChange[] {
  const reminders = queued
    .filter(isReminder)
    .filter((c) => c.details.currency === payment.currency)
    .filter((c) => !c.details.countedPayments?.includes(payment.paymentId))
    // A reminder asked for after the payment was recorded: cases counted it already.
    .filter((c) => !c.details.asOf || c.details.asOf < payment.recordedAt)
    .sort((a, b) => byInstalment(a.details, b.details));
  let left = BigInt(payment.amountMinor);
  const changes: ReminderChange[] = [];
  for (const r of reminders) {
    const d = r.details;
    const open = BigInt(d.payNowMinor);
    const counted = left < open ? left : open;
    left -= counted;
    const seq = d.instalments[0]?.seq ?? '';
    if (counted === open && open > 0n) {
      changes.push({
        kind: 'cancel',
        id: r.id,
        refusal: {
          allowed: false,
          code: 'instalment_paid',
          reason: `instalment ${seq} of the payment plan (${money(open, d.currency)} due on ${d.dueOn}) is paid: payment of ${money(BigInt(payment.amountMinor), payment.currency)} received on ${payment.receivedOn}`,
          rule: PLAN_RULE,
          source: 'Amicus: the payment plan',
          waitsFor: 'nothing',
        },
      });
      continue;
    }
    // Counted in part (or not at all: the payment is marked, so that a copy of it counts nothing later).
    const rest = open - counted;
    const paid = BigInt(d.paidMinor) + counted;
    const details: PlanNotice = {
      ...d,
      payNowMinor: rest.toString(),
      totalMinor: rest.toString(),
      paidMinor: paid.toString(),
      countedPayments: [...(d.countedPayments ?? []), payment.paymentId],
    };
    changes.push({
      kind: 'adapt',
      id: r.id,
      details,
      amounts: { paidMinor: paid.toString(), totalMinor: rest.toString(), principalMinor: rest.toString() },
    });
  }
  return changes;
}

/** How a plan ended before its reminders went out. */
export type PlanEnd = { how: 'completed'; on: string } | { how: 'broken'; on: string; reason: string };

/** The plan's queued instalment reminders, cancelled: the plan completed or broke before they went out. */
export function afterPlanEnded(queued: readonly QueuedNotice[], planId: string, end: PlanEnd): ReminderChange[] {
  const reason =
    end.how === 'completed'
      ? `the payment plan was completed on ${end.on}: nothing is left to remind of`
      : `the payment plan was broken on ${end.on} (${end.reason}): the reminder of its instalment no longer stands`;
  return queued
    .filter(isReminder)
    .filter((c) => c.details.planId === planId)
    .map((c) => ({
      kind: 'cancel' as const,
      id: c.id,
      refusal: {
        allowed: false as const,
        code: 'payment_plan_ended' as const,
        reason,
        rule: PLAN_RULE,
        source: 'Amicus: the payment plan',
        waitsFor: 'nothing' as const,
      },
    }));
}
