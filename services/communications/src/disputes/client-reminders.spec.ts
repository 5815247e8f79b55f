import type { DisputeAnswerOverdueV1, EventEnvelope } from '@amicus/events';
import { ChannelError, type OutboundMessage } from '../channels/channel';
import type { ChannelAdapters } from '../communications/channel-adapters';
import type { CommunicationsConfig } from '../config';
import { clientReminderOf } from './client-reminders';
import { ClientRemindersService } from './client-reminders.service';

const overdue = (over: Partial<DisputeAnswerOverdueV1> = {}): DisputeAnswerOverdueV1 => ({
  disputeId: '0193a3c4-0000-7000-8000-000000000001',
  caseId: '0193a3c4-0000-7000-8000-000000000002',
  clientId: '0193a3c4-0000-7000-8000-000000000003',
  brandId: '0193a3c4-0000-7000-8000-000000000004',
  caseNumber: '1000000042',
  invoiceNumbers: ['INV-7', 'INV-8'],
  answerDueOn: '2025-02-24',
  stage: 'reminder',
  escalatesOn: '2025-03-10',
  recipients: [{ email: 'ana@brewery.example' }, { email: 'bert@brewery.example' }],
  actor: 'system:dispute-sweep',
  ...over,
});

describe("the client's reminder of a dispute to answer", () => {
  it('names the file, the invoices, the day it was due and the day it goes to the account manager, from the agency', () => {
    const m = clientReminderOf(
      overdue(),
      'ana@brewery.example',
      { name: 'Amicus Incasso NV', email: 'kantoor@amicus.example' },
      'https://pay.example/client/disputes',
    );
    expect(m).toMatchObject({
      sender: { name: 'Amicus Incasso NV', email: 'kantoor@amicus.example' },
      recipient: { email: 'ana@brewery.example' },
      caseReference: 'AMI-1000000042',
    });
    expect(m.subject).toMatch(/AMI-1000000042 \(INV-7, INV-8\)/);
    for (const words of ['2025-02-24', '2025-03-10', 'https://pay.example/client/disputes', 'Uw antwoord', 'Votre réponse'])
      expect(m.text).toContain(words);
  });

  it('e-mails each user named once per reminder, nothing for an escalation, and goes on past a refused address', async () => {
    const sent: OutboundMessage[] = [];
    const adapters = {
      for: () => ({
        send: async (m: OutboundMessage) => {
          if (m.recipient.email === 'bert@brewery.example') return new ChannelError('email', 'invalid_recipient', false, 'no such mailbox');
          sent.push(m);
          return {
            ok: true as const,
            providerMessageId: 'x',
            acceptedAt: new Date(),
            sent: { mediaType: 'message/rfc822', content: Buffer.from('') },
          };
        },
      }),
    } as unknown as ChannelAdapters;
    const config = {
      PAYMENT_LINK_BASE: 'https://pay.example/pay',
      AGENCY_NAME: 'Amicus',
      AGENCY_EMAIL: 'kantoor@amicus.example',
    } as CommunicationsConfig;
    const service = new ClientRemindersService(adapters, config);
    const envelope = (payload: DisputeAnswerOverdueV1) => ({ payload }) as EventEnvelope<DisputeAnswerOverdueV1>;
    expect(await service.overdue(envelope(overdue()))).toBe(1);
    expect(sent.map((m) => m.recipient.email)).toEqual(['ana@brewery.example']);
    expect(await service.overdue(envelope(overdue({ stage: 'escalated', escalatesOn: null, recipients: [] })))).toBe(0);
    expect(sent).toHaveLength(1);
  });
});
