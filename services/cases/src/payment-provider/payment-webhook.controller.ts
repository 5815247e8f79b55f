import { randomUUID } from 'node:crypto';
import { Body, Controller, Inject, Param, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { RUNTIME, type RuntimeContext } from '@amicus/service-runtime';
import { webhookPaymentId } from './mollie';
import { OnlinePaymentsService } from './online-payments.service';
import { PaymentProviderError } from './payment-provider';

/**
 * `POST /webhooks/<provider>` (the gateway forwards its own /webhooks/<provider> here): the
 * provider says a payment changed. Thin: read the id, let the service fetch the payment and
 * apply it, answer. 200 for whatever the payment turned out to be (an id not on file too: the
 * provider would retry it for a day otherwise); 400 for a body without a payment id; 404 for a
 * provider not configured; 503 when the provider cannot be asked (it retries the webhook later).
 */
@Controller('webhooks')
export class PaymentWebhookController {
  constructor(
    private readonly online: OnlinePaymentsService,
    @Inject(RUNTIME) private readonly runtime: Pick<RuntimeContext, 'log'>,
  ) {}

  @Post(':provider')
  async notify(@Param('provider') provider: string, @Body() body: unknown, @Res() res: Response): Promise<void> {
    const answer = (status: number, text: string) => void res.status(status).type('text/plain').send(text);
    if (!this.online.providerName || provider !== this.online.providerName) return answer(404, `no payment provider ${provider} here`);
    const read = webhookPaymentId(body);
    if ('problem' in read) return answer(400, read.problem);
    try {
      const outcome = await this.online.webhook(read.id, `webhook:${provider}:${randomUUID()}`);
      return answer(200, outcome);
    } catch (e) {
      if (e instanceof PaymentProviderError && e.kind === 'unavailable') {
        this.runtime.log.warn(
          { provider, providerPaymentId: read.id, err: e.message },
          'webhook: the provider cannot be asked; it retries',
        );
        return answer(503, 'the payment provider cannot be asked just now: retry later');
      }
      this.runtime.log.error({ provider, providerPaymentId: read.id, err: e instanceof Error ? e.message : String(e) }, 'webhook failed');
      return answer(500, 'the webhook could not be applied: retry later');
    }
  }
}
