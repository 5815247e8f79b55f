import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { CASES_CONFIG, type CasesConfig } from '../config';
import { OnlinePaymentsService } from './online-payments.service';

/**
 * Asks the provider about the online payments no webhook settled yet (OnlinePaymentsService
 * pollDue), on the scheduler's interval (AMICUS_SCHEDULER_INTERVAL_MS; 0: only when asked).
 */
@Injectable()
export class OnlinePaymentPoller implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('OnlinePaymentPoller');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly online: OnlinePaymentsService,
    @Inject(CASES_CONFIG) private readonly config: Pick<CasesConfig, 'AMICUS_SCHEDULER_INTERVAL_MS'>,
  ) {}

  onApplicationBootstrap(): void {
    const every = this.config.AMICUS_SCHEDULER_INTERVAL_MS;
    if (every > 0 && this.online.providerName) this.timer = setInterval(() => void this.tick(), every);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  private async tick(): Promise<void> {
    if (this.running) return;
    this.running = this.online
      .pollDue()
      .then((r) => void (r.polled > 0 && this.log.log(`polled ${r.polled}: ${JSON.stringify(r.outcomes)}`)))
      .catch((e: Error) => this.log.error(`poll failed: ${e.message}`))
      .finally(() => (this.running = null));
    await this.running;
  }
}
