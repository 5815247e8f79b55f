import { simpleParser } from 'mailparser';
import { OutboundMessage, isChannelError } from '../src/channels/channel';
import { SmtpEmailAdapter, SmtpConfig } from '../src/channels/smtp-email.adapter';
import { RegisteredEmailAdapter } from '../src/channels/registered-email.adapter';
import { startSmtpServer } from './loopback-parties';

function message(overrides: Partial<OutboundMessage> = {}): OutboundMessage {
  return {
    communicationId: `com-${Math.random().toString(36).slice(2)}`,
    caseReference: 'CASE-2024-0042',
    sender: { name: 'Acme Energie', email: 'invordering@acme.example' },
    recipient: { name: 'Jan Peeters', email: 'jan.peeters@example.org' },
    subject: 'Herinnering factuur 2024-117',
    text: 'Beste Jan, uw factuur 2024-117 van € 125,00 staat nog open.',
    html: '<p>Beste Jan, uw factuur <b>2024-117</b> van € 125,00 staat nog open.</p>',
    attachments: [
      { filename: 'herinnering.pdf', contentType: 'application/pdf', content: Buffer.from('%PDF-1.7\nfake letter body\n%%EOF') },
    ],
    ...overrides,
  };
}

describe('SMTP e-mail adapter against a real SMTP server on loopback', () => {
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let config: SmtpConfig;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    config = { host: '127.0.0.1', port: smtp.port, secure: false, ignoreTLS: true };
  });
  afterAll(async () => smtp.close());

  it('delivers a multipart message with text, html and the PDF attachment, and returns its Message-ID', async () => {
    const adapter = new SmtpEmailAdapter(config, () => new Date('2024-05-02T09:00:00Z'));
    const sent = message();
    const outcome = await adapter.send(sent);
    adapter.close();

    if (isChannelError(outcome)) throw outcome;
    expect(outcome.acceptedAt).toEqual(new Date('2024-05-02T09:00:00Z'));
    const arrived = smtp.arrived.find((a) => a.raw.toString().includes(sent.communicationId));
    expect(arrived).toBeDefined();
    expect(arrived!.envelope.mailFrom && arrived!.envelope.mailFrom.address).toBe('invordering@acme.example');
    expect(arrived!.envelope.rcptTo.map((r) => r.address)).toEqual(['jan.peeters@example.org']);

    const parsed = await simpleParser(arrived!.raw);
    expect(parsed.messageId).toBe(outcome.providerMessageId);
    expect(parsed.subject).toBe(sent.subject);
    expect(parsed.text?.trim()).toBe(sent.text);
    expect(parsed.html).toContain('<b>2024-117</b>');
    expect(parsed.attachments).toHaveLength(1);
    expect(parsed.attachments[0].filename).toBe('herinnering.pdf');
    expect(parsed.attachments[0].contentType).toBe('application/pdf');
    expect(Buffer.compare(parsed.attachments[0].content, sent.attachments![0].content)).toBe(0);
    expect(parsed.headers.get('x-amicus-case-reference')).toBe('CASE-2024-0042');
  });

  it('keeps as evidence exactly the bytes the server received', async () => {
    const adapter = new SmtpEmailAdapter(config);
    const sent = message();
    const outcome = await adapter.send(sent);
    adapter.close();

    if (isChannelError(outcome)) throw outcome;
    const arrived = smtp.arrived.find((a) => a.raw.toString().includes(sent.communicationId));
    expect(outcome.sent.mediaType).toBe('message/rfc822');
    // The server's stream ends with the message itself; SMTP dot-stuffing is undone by smtp-server.
    expect(arrived!.raw.toString().replace(/\r\n$/, '')).toBe(outcome.sent.content.toString().replace(/\r\n$/, ''));
  });

  it('reports a 5xx recipient rejection as a permanent bounce', async () => {
    const adapter = new SmtpEmailAdapter(config);
    const outcome = await adapter.send(message({ recipient: { name: 'Nobody', email: 'unknown@example.org' } }));
    adapter.close();

    expect(isChannelError(outcome)).toBe(true);
    if (!isChannelError(outcome)) return;
    expect(outcome.retryable).toBe(false);
    expect(outcome.bounced).toBe(true);
    expect(outcome.reason).toBe('invalid_recipient');
    expect(outcome.providerCode).toBe(550);
  });

  it('reports a 4xx answer as retryable, not bounced', async () => {
    const adapter = new SmtpEmailAdapter(config);
    const outcome = await adapter.send(message({ recipient: { name: 'Later', email: 'greylisted@example.org' } }));
    adapter.close();

    expect(isChannelError(outcome)).toBe(true);
    if (!isChannelError(outcome)) return;
    expect(outcome.retryable).toBe(true);
    expect(outcome.bounced).toBe(false);
    expect(outcome.providerCode).toBe(451);
  });

  it('reports a relay that does not answer as a retryable network failure', async () => {
    const down = await startSmtpServer();
    const port = down.port;
    await down.close();
    const adapter = new SmtpEmailAdapter({ ...config, port, connectionTimeoutMs: 5_000 });
    const outcome = await adapter.send(message());
    adapter.close();

    expect(isChannelError(outcome)).toBe(true);
    if (!isChannelError(outcome)) return;
    expect(outcome.retryable).toBe(true);
    expect(outcome.reason).toBe('network');
  });

  it('refuses a message without recipient e-mail before connecting', async () => {
    const adapter = new SmtpEmailAdapter(config);
    const before = smtp.arrived.length;
    const outcome = await adapter.send(message({ recipient: { name: 'Jan Peeters' } }));
    adapter.close();

    expect(isChannelError(outcome) && outcome.reason).toBe('invalid_recipient');
    expect(smtp.arrived.length).toBe(before);
  });
});

describe('registered e-mail adapter', () => {
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  beforeAll(async () => {
    smtp = await startSmtpServer();
  });
  afterAll(async () => smtp.close());

  it('requests delivery status notifications for our communication id and marks the message registered', async () => {
    const adapter = new RegisteredEmailAdapter(
      { host: '127.0.0.1', port: smtp.port, secure: false, ignoreTLS: true },
      'dsn@agency.example',
    );
    const sent = message();
    const outcome = await adapter.send(sent);
    adapter.close();

    if (isChannelError(outcome)) throw outcome;
    expect(adapter.channel).toBe('registered_email');
    const arrived = smtp.arrived.find((a) => a.raw.toString().includes(sent.communicationId));
    expect(arrived).toBeDefined();
    const envelope = arrived!.envelope;
    expect(envelope.mailFrom && envelope.mailFrom.address).toBe('dsn@agency.example');
    expect(envelope.dsn).toMatchObject({ ret: 'HDRS', envid: sent.communicationId });
    expect(envelope.rcptTo[0].dsn?.notify).toEqual(['SUCCESS', 'FAILURE', 'DELAY']);

    const parsed = await simpleParser(arrived!.raw);
    expect(parsed.headers.get('x-amicus-registered')).toBe('yes');
    expect(parsed.messageId).toBe(outcome.providerMessageId);
  });
});
