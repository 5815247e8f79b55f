import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerEnvelope } from 'smtp-server';

/** A real SMTP server on loopback for tests (e-mail goes to it, never out): the communications tests and the whole-system tests share it. */

export interface ArrivedMail {
  envelope: SMTPServerEnvelope;
  raw: Buffer;
}

/** A real SMTP server: keeps what arrives; `greylisted@…` gets 451 (try later), `unknown@…` 550. */
export async function startSmtpServer(): Promise<{ port: number; arrived: ArrivedMail[]; close(): Promise<void> }> {
  const arrived: ArrivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    hideDSN: false,
    logger: false,
    onRcptTo(address, _session, callback) {
      if (address.address.startsWith('unknown')) return callback(Object.assign(new Error('5.1.1 No such user'), { responseCode: 550 }));
      if (address.address.startsWith('greylisted'))
        return callback(Object.assign(new Error('4.7.1 Greylisted, try again later'), { responseCode: 451 }));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        arrived.push({ envelope: structuredClone(session.envelope), raw: Buffer.concat(chunks) });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { port, arrived, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
