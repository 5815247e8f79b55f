import { Module } from '@nestjs/common';
import { CASES_CONFIG, type CasesConfig } from '../config';
import { PayLinksModule } from '../pay-links/pay-links.module';
import { TenantDatabase } from '../tenancy/tenant-database';
import { MolliePaymentProvider } from './mollie';
import { CaseOnlinePaymentsResolver, DebtorPaymentMethodsResolver, OnlinePaymentsResolver } from './online-payments.resolver';
import { OnlinePaymentPoller } from './online-payment-poller';
import { OnlinePaymentsService } from './online-payments.service';
import { PAYMENT_PROVIDER, type PaymentProvider } from './payment-provider';
import { PaymentWebhookController } from './payment-webhook.controller';

/** The provider the configuration names (PAYMENT_PROVIDER), or none: the page then offers the bank transfer only. */
export function paymentProviderOf(
  config: Pick<CasesConfig, 'PAYMENT_PROVIDER' | 'MOLLIE_API_KEY' | 'MOLLIE_API_URL'>,
): PaymentProvider | null {
  switch (config.PAYMENT_PROVIDER) {
    case 'mollie':
      return new MolliePaymentProvider({ apiKey: config.MOLLIE_API_KEY, apiUrl: config.MOLLIE_API_URL });
    case 'none':
      return null;
  }
}

@Module({
  imports: [PayLinksModule],
  providers: [
    TenantDatabase,
    { provide: PAYMENT_PROVIDER, inject: [CASES_CONFIG], useFactory: paymentProviderOf },
    OnlinePaymentsService,
    OnlinePaymentPoller,
    OnlinePaymentsResolver,
    DebtorPaymentMethodsResolver,
    CaseOnlinePaymentsResolver,
  ],
  controllers: [PaymentWebhookController],
})
export class PaymentProviderModule {}
