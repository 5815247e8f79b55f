import {
  COLLECTION_KINDS,
  COMMUNICATION_KINDS,
  LEGAL_CHANNELS,
  PAYMENT_REQUEST_KINDS,
  SENDING_CHANNELS,
  asksToPay,
  isCollectionKind,
  legalChannelOf,
} from './contact';

describe('the words of contact', () => {
  it('keeps the pre-due reminder out of what the law regulates, but counts it as asking to pay', () => {
    expect(isCollectionKind('pre_due_reminder')).toBe(false);
    expect(asksToPay('pre_due_reminder')).toBe(true);
    for (const kind of COLLECTION_KINDS) expect([kind, asksToPay(kind)]).toEqual([kind, true]);
    for (const kind of [
      'promise_confirmation',
      'payment_plan_confirmation',
      'payment_receipt',
      'dispute_acknowledgement',
      'instalment_reminder',
      'instalment_missed',
      'payment_plan_completed',
    ])
      expect([kind, asksToPay(kind)]).toEqual([kind, false]);
  });

  it('nests its lists: collection kinds ask to pay, and every one is a communication kind', () => {
    expect(COMMUNICATION_KINDS).toEqual(expect.arrayContaining([...PAYMENT_REQUEST_KINDS]));
    expect(PAYMENT_REQUEST_KINDS).toEqual(expect.arrayContaining([...COLLECTION_KINDS]));
    expect(new Set(COMMUNICATION_KINDS).size).toBe(COMMUNICATION_KINDS.length);
    expect(isCollectionKind('call')).toBe(false);
  });

  it('reads a registered e-mail as an e-mail for the law, every other sending channel as itself', () => {
    for (const channel of SENDING_CHANNELS) {
      const legal = legalChannelOf(channel);
      expect(LEGAL_CHANNELS).toContain(legal);
      expect(legal).toBe(channel === 'registered_email' ? 'email' : channel);
    }
  });
});
