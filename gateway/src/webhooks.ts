import express from 'express';
import type { GatewayConfig } from './config';
import { assertionHeaders } from './authentication';
import { CLIENT_IP_HEADER, clientIp } from './session';

/**
 * A payment provider's webhook (`POST /webhooks/<provider>`) reaches the cases service through
 * the one public address: the body as it came, with the caller's address. The cases service
 * trusts none of it — it fetches the payment from the provider itself.
 */
export function webhooks(config: GatewayConfig): express.Router {
  const router = express.Router();
  const cases = new URL(config.CASES_URL).origin;
  router.post('/:provider', express.raw({ type: () => true, limit: '64kb' }), async (req, res) => {
    const provider = String(req.params.provider);
    if (!/^[a-z][a-z0-9-]{0,31}$/.test(provider)) return void res.status(404).type('text/plain').send('no such webhook');
    try {
      const upstream = await fetch(`${cases}/webhooks/${provider}`, {
        method: 'POST',
        headers: {
          'content-type': req.headers['content-type'] ?? 'application/octet-stream',
          ...assertionHeaders(config, 'cases'),
          [CLIENT_IP_HEADER]: clientIp(req),
        },
        body: Buffer.isBuffer(req.body) ? req.body : undefined,
      });
      res.status(upstream.status);
      const type = upstream.headers.get('content-type');
      if (type) res.type(type);
      res.send(Buffer.from(await upstream.arrayBuffer()));
    } catch {
      // The provider retries a webhook that did not get a 2xx.
      res.status(503).type('text/plain').send('the cases service does not answer; retry later');
    }
  });
  return router;
}
