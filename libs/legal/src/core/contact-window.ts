/**
 * Contact windows (BE-A-4, NL-X-2) and the daily frequency limit, in the debtor's local time.
 */
import type { ContactPolicy } from '../options';
import type { Channel, Decision, Instant } from '../types';
import { addDays, isoWeekday } from '@amicus/calendar';
import type { SentCommunication } from './case-context';
import { allow, refuse } from './decision';
import { instantAt, parseHhMm, wallTime } from '@amicus/calendar';

const REMOTE: readonly Channel[] = ['phone', 'sms', 'email', 'whatsapp'];

/** The next moment at or after `at` that is inside the window (`skipToday` to jump to the next day). */
export function nextWindowStart(policy: ContactPolicy, at: Instant, timeZone: string, skipToday = false): Instant | undefined {
  const from = parseHhMm(policy.from);
  const to = parseHhMm(policy.to);
  if (policy.weekdays.length === 0 || to <= from) return undefined;
  const wall = wallTime(at, timeZone);
  for (let i = skipToday ? 1 : 0; i <= 8; i++) {
    const day = addDays(wall.date, i);
    if (!policy.weekdays.includes(isoWeekday(day))) continue;
    if (i === 0 && wall.minutes >= to) continue;
    if (i === 0 && wall.minutes >= from) return at;
    return instantAt(day, from, timeZone);
  }
  return undefined;
}

export function contactWindowDecision(policy: ContactPolicy, channel: Channel, now: Instant, timeZone: string): Decision {
  if (!policy.channels.includes(channel)) return allow(policy.rule, policy.source, `no time window applies to ${channel}`);
  const window = `${policy.from}–${policy.to} ${timeZone}, ISO weekdays ${policy.weekdays.join(',')}`;
  const next = nextWindowStart(policy, now, timeZone);
  if (next === now) return allow(policy.rule, policy.source, `inside the contact window ${window}`);
  return refuse(policy.rule, policy.source, `outside the contact window ${window}`, next);
}

/** Agency policy (Choice): at most `maxPerDay` remote contacts per local calendar day. */
export function frequencyDecision(policy: ContactPolicy, history: readonly SentCommunication[], now: Instant, timeZone: string): Decision {
  const rule = `${policy.rule}/frequency`;
  if (policy.maxPerDay === undefined) return allow(rule, policy.source, 'no frequency limit');
  const today = wallTime(now, timeZone).date;
  const count = history.filter((c) => REMOTE.includes(c.channel) && c.sentOn === today && Date.parse(c.sentAt) <= Date.parse(now)).length;
  if (count < policy.maxPerDay) return allow(rule, policy.source, `${count} of ${policy.maxPerDay} contacts today`);
  return refuse(
    rule,
    policy.source,
    `already ${count} contacts today (limit ${policy.maxPerDay} per day)`,
    nextWindowStart(policy, now, timeZone, true),
  );
}
