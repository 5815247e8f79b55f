/**
 * BE-C-4: at least 14 calendar days from the first reminder before damages or interest. The term
 * starts on the 3rd business day after a paper reminder is posted, or on the business day after
 * an electronic one is sent. Day 1 is the start day; charges are allowed from the day after day 14.
 */
import { addDays, describeDate } from '@amicus/calendar';
import { nthBusinessDayAfter } from '../../core/holidays';
import { localDate } from '@amicus/calendar';
import type { LegalOptions } from '../../options';
import type { Channel, Instant } from '../../types';
import type { Term } from '../jurisdiction';
import { CEL_XIX, JUDICIAL_CODE_53BIS } from './sources';

export const BE_TERM_DAYS = 14;

export function beTerm(sentAt: Instant, channel: Channel, timeZone: string, options: LegalOptions): Term {
  const sentOn = localDate(sentAt, timeZone);
  const paper = channel === 'letter';
  const termStart = nthBusinessDayAfter('BE', sentOn, paper ? 3 : 1, options.businessDays);
  const termEnd = addDays(termStart, BE_TERM_DAYS - 1);
  const chargesFrom = addDays(termEnd, 1);
  return {
    rule: 'BE-C-4',
    source: `${CEL_XIX}; ${JUDICIAL_CODE_53BIS}`,
    sentOn,
    termStart,
    termEnd,
    chargesFrom,
    explanation: `${paper ? 'paper' : 'electronic'} reminder sent ${describeDate(sentOn)}: term starts on the ${paper ? '3rd business day after posting' : 'business day after sending'} (${describeDate(termStart)}), 14 days to ${describeDate(termEnd)}; charges from ${describeDate(chargesFrom)}`,
  };
}
