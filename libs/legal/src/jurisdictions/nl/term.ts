/**
 * NL-C-1 / NL-C-2: the 14-day letter gives 14 days starting the day after receipt. Receipt is a
 * Choice: an e-mail on the day of sending, a letter two business days after posting.
 */
import { addDays, describeDate } from '@amicus/calendar';
import { nthBusinessDayAfter } from '../../core/holidays';
import { localDate } from '@amicus/calendar';
import type { LegalOptions } from '../../options';
import type { Channel, Instant } from '../../types';
import type { Term } from '../jurisdiction';
import { BW_696 } from './sources';

export function nlTerm(sentAt: Instant, channel: Channel, timeZone: string, options: LegalOptions): Term {
  const sentOn = localDate(sentAt, timeZone);
  const { emailDays, letterBusinessDays } = options.nlReceipt;
  const receipt =
    channel === 'letter'
      ? letterBusinessDays > 0
        ? nthBusinessDayAfter('NL', sentOn, letterBusinessDays, options.businessDays)
        : sentOn
      : addDays(sentOn, emailDays);
  const termStart = addDays(receipt, 1);
  const termEnd = addDays(receipt, 14);
  const chargesFrom = addDays(receipt, 15);
  return {
    rule: 'NL-C-1',
    source: `${BW_696}; receipt per NL-C-2 (Choice)`,
    sentOn,
    termStart,
    termEnd,
    chargesFrom,
    explanation: `14-day letter sent ${describeDate(sentOn)} by ${channel}, received ${describeDate(receipt)}: 14 days ${describeDate(termStart)} – ${describeDate(termEnd)}; costs from ${describeDate(chargesFrom)}`,
  };
}
