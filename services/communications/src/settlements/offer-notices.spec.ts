import type { EventEnvelope, SettlementOfferedV2 } from '@amicus/events';
import { ChannelError, type OutboundMessage } from '../channels/channel';
import type { ChannelAdapters } from '../communications/channel-adapters';
import type { CommunicationsConfig } from '../config';
import { asksTheClient, offerNoticeOf } from './offer-notices';
import { OfferNoticesService } from './offer-notices.service';

const offer = (over: Partial<SettlementOfferedV2> = {}): SettlementOfferedV2 => ({
  settlementId: '0193a3c4-0000-7000-8000-000000000001',
  caseId: '0193a3c4-0000-7000-8000-000000000002',
  clientId: '0193a3c4-0000-7000-8000-000000000003',
  brandId: '0193a3c4-0000-7000-8000-000000000004',
  amountMinor: '60000',
  balanceMinor: '100000',
  currency: 'EUR',
  discountBp: 4000,
  withinTerms: false,
  byPlan: false,
  status: 'awaiting_client',
  actor: 'user:agent-1',
  caseNumber: '1000000042',
  invoiceNumbers: ['INV-7', 'INV-8'],
  recipients: [{ email: 'ana@brewery.example' }, { email: 'bert@brewery.example' }],
  ...over,
});

describe('the e-mail asking the client to decide a settlement offer', () => {
  it('names the file, the invoices, the amount against the balance and the discount, in three languages, from the agency', () => {
    const m = offerNoticeOf(
      offer(),
      'ana@brewery.example',
      { name: 'Amicus Incasso NV', email: 'kantoor@amicus.example' },
      'https://pay.example/client/settlements',
    );
    expect(m).toMatchObject({
      communicationId: 'settlement-offer:0193a3c4-0000-7000-8000-000000000001:ana@brewery.example',
      sender: { name: 'Amicus Incasso NV', email: 'kantoor@amicus.example' },
      recipient: { email: 'ana@brewery.example' },
      caseReference: 'AMI-1000000042',
    });
    expect(m.subject).toMatch(/AMI-1000000042 \(INV-7, INV-8\)/);
    for (const words of [
      'EUR 600.00',
      'EUR 1000.00',
      '40.00 %',
      'at once',
      'in één keer',
      'en une fois',
      'https://pay.example/client/settlements',
    ])
      expect(m.text).toContain(words);
    expect(offerNoticeOf(offer({ byPlan: true }), 'x@y.example', { name: 'A', email: 'a@a.example' }, 'u').text).toContain(
      'by instalments',
    );
  });

  it('asks only for an offer waiting for the client with someone to e-mail — not one the agency accepted', () => {
    expect(asksTheClient(offer())).toBe(true);
    expect(asksTheClient(offer({ status: 'accepted', withinTerms: true, recipients: [] }))).toBe(false);
    expect(asksTheClient(offer({ recipients: [] }))).toBe(false);
  });

  it('e-mails each of the client’s users once, and goes on past an address the relay refuses', async () => {
    const sent: OutboundMessage[] = [];
    const adapters = {
      for: () => ({
        send: async (m: OutboundMessage) => {
          sent.push(m);
          return m.recipient.email?.startsWith('bert') ? new ChannelError('permanent', 'mailbox unknown') : { providerMessageId: 'x' };
        },
      }),
    } as unknown as ChannelAdapters;
    const config = {
      PAYMENT_LINK_BASE: 'https://pay.example/p',
      AGENCY_NAME: 'Amicus',
      AGENCY_EMAIL: 'a@amicus.example',
    } as CommunicationsConfig;
    const service = new OfferNoticesService(adapters, config);
    const envelope = (p: SettlementOfferedV2) => ({ payload: p }) as EventEnvelope<SettlementOfferedV2>;
    expect(await service.offered(envelope(offer()))).toBe(1);
    expect(sent.map((m) => m.recipient.email)).toEqual(['ana@brewery.example', 'bert@brewery.example']);
    expect(sent[0]!.text).toContain('https://pay.example/client/settlements');
    expect(await service.offered(envelope(offer({ status: 'accepted' })))).toBe(0);
    expect(sent).toHaveLength(2);
  });
});
