import { receiptDeliveryStatus, signDeliveryReceipt, verifyDeliveryReceipt, SIGNATURE_HEADER, TIMESTAMP_HEADER } from './http-sms.adapter';

const SECRET = 'whsec-unit';
const NOW = new Date('2024-05-02T09:00:00Z');
const NOW_S = NOW.getTime() / 1000;

function signed(body: unknown, timestamp = NOW_S, secret = SECRET) {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  return { raw, headers: { [SIGNATURE_HEADER]: signDeliveryReceipt(raw, secret, timestamp), [TIMESTAMP_HEADER]: String(timestamp) } };
}

const good = { id: 'SM1', reference: 'com-1', status: 'delivered', occurredAt: '2024-05-02T08:59:58Z' };

describe('verifyDeliveryReceipt', () => {
  it('accepts a correctly signed, fresh, well-formed receipt', () => {
    const { raw, headers } = signed(good);
    const result = verifyDeliveryReceipt(raw, headers, SECRET, NOW);
    expect(result).toEqual({
      ok: true,
      receipt: {
        providerMessageId: 'SM1',
        communicationId: 'com-1',
        status: 'delivered',
        occurredAt: new Date('2024-05-02T08:59:58Z'),
        errorCode: undefined,
        errorMessage: undefined,
      },
    });
  });

  it('reads headers whatever their case', () => {
    const { raw, headers } = signed(good);
    const upper = { 'X-Signature': headers[SIGNATURE_HEADER], 'X-Signature-Timestamp': headers[TIMESTAMP_HEADER] };
    expect(verifyDeliveryReceipt(raw, upper, SECRET, NOW).ok).toBe(true);
  });

  it('refuses a receipt without signature headers', () => {
    const result = verifyDeliveryReceipt(JSON.stringify(good), {}, SECRET, NOW);
    expect(!result.ok && result.error.code).toBe('missing_signature');
  });

  it('refuses a receipt signed with another secret', () => {
    const { raw, headers } = signed(good, NOW_S, 'other-secret');
    const result = verifyDeliveryReceipt(raw, headers, SECRET, NOW);
    expect(!result.ok && result.error.code).toBe('bad_signature');
  });

  it('refuses a receipt whose timestamp was changed after signing', () => {
    const { raw, headers } = signed(good);
    const result = verifyDeliveryReceipt(raw, { ...headers, [TIMESTAMP_HEADER]: String(NOW_S + 1) }, SECRET, NOW);
    expect(!result.ok && result.error.code).toBe('bad_signature');
  });

  it('refuses receipts older or newer than the tolerance, and accepts them just inside it', () => {
    for (const offset of [-301, 301]) {
      const { raw, headers } = signed(good, NOW_S + offset);
      const result = verifyDeliveryReceipt(raw, headers, SECRET, NOW);
      expect(!result.ok && result.error.code).toBe('stale');
    }
    for (const offset of [-300, 300]) {
      const { raw, headers } = signed(good, NOW_S + offset);
      expect(verifyDeliveryReceipt(raw, headers, SECRET, NOW).ok).toBe(true);
    }
  });

  it.each([
    ['id', { ...good, id: '' }],
    ['reference', { ...good, reference: 42 }],
    ['status', { ...good, status: 'read' }],
    ['occurredAt', { ...good, occurredAt: 'yesterday' }],
    ['errorCode', { ...good, errorCode: 30003 }],
  ])('names the malformed field %s', (field, body) => {
    const { raw, headers } = signed(body);
    const result = verifyDeliveryReceipt(raw, headers, SECRET, NOW);
    expect(!result.ok && [result.error.code, result.error.field]).toEqual(['malformed', field]);
  });

  it('refuses a signed body that is not JSON', () => {
    const { raw, headers } = signed('status=delivered');
    const result = verifyDeliveryReceipt(raw, headers, SECRET, NOW);
    expect(!result.ok && result.error.code).toBe('malformed');
  });
});

describe('receiptDeliveryStatus', () => {
  it('reads an undeliverable number as a bounce and a provider failure as failed', () => {
    expect(receiptDeliveryStatus('undelivered')).toBe('bounced');
    expect(receiptDeliveryStatus('failed')).toBe('failed');
    expect(receiptDeliveryStatus('delivered')).toBe('delivered');
    expect(receiptDeliveryStatus('sent')).toBe('sent');
  });
});
