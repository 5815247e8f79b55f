import fc from 'fast-check';
import { smtpTransportOptions } from './smtp';

describe('the SMTP transport options', () => {
  it('require STARTTLS with a checked certificate towards any remote relay, even when asked for plain SMTP', () => {
    for (const ignoreTLS of [undefined, false, true])
      expect(smtpTransportOptions({ host: 'smtp.example.com', port: 587, secure: false, ignoreTLS })).toMatchObject({
        requireTLS: true,
        ignoreTLS: false,
        tls: { rejectUnauthorized: true },
      });
  });

  it('allow plain SMTP only towards a relay on this machine that asks for it', () => {
    for (const host of ['127.0.0.1', '::1', 'localhost'])
      expect(smtpTransportOptions({ host, port: 2525, secure: false, ignoreTLS: true })).toMatchObject({
        requireTLS: false,
        ignoreTLS: true,
      });
    expect(smtpTransportOptions({ host: '127.0.0.1', port: 2525, secure: false })).toMatchObject({ requireTLS: true, ignoreTLS: false });
  });

  it('use implicit TLS when secure, never plain', () => {
    fc.assert(
      fc.property(fc.domain(), fc.option(fc.boolean(), { nil: undefined }), (host, ignoreTLS) => {
        const o = smtpTransportOptions({ host, port: 465, secure: true, ignoreTLS });
        expect(o).toMatchObject({ secure: true, ignoreTLS: false, tls: { rejectUnauthorized: true } });
      }),
    );
  });
});
