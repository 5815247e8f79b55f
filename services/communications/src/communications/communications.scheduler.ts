import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { COMMUNICATIONS_CONFIG, type CommunicationsConfig } from '../config';
import { PrintBatchesService } from './print-batches.service';
import { SendingService } from './sending.service';

/**
 * Sends what is due: new requests, refusals whose moment has come, retries. A poller rather
 * than timers per communication, so a restart loses nothing (the due moments are in the table)
 * and several instances share the work (rows are taken with FOR UPDATE SKIP LOCKED). Also hands
 * the open print batch over at its interval (whichever instance comes first takes it), and once
 * more on shutdown.
 */
@Injectable()
export class CommunicationsScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly log = new Logger('communications-scheduler');
  private timers: NodeJS.Timeout[] = [];
  private running: Promise<void> | null = null;
  private batching: Promise<unknown> | null = null;

  constructor(
    private readonly sending: SendingService,
    private readonly printBatches: PrintBatchesService,
    @Inject(COMMUNICATIONS_CONFIG) private readonly config: CommunicationsConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timers = [
      setInterval(() => void this.tick(), this.config.SCHEDULER_INTERVAL_MS),
      setInterval(() => void this.handOverPrintBatch(), this.config.PRINT_BATCH_INTERVAL_MS),
    ];
  }

  /** One pass over what is due; a pass still running is not started twice. */
  tick(): Promise<void> {
    this.running ??= (async () => {
      try {
        await this.sending.resolveStuckSends(); // sends whose outcome was never recorded (sending.service.ts)
        for (const id of await this.sending.dueIds()) await this.sending.process(id);
      } catch (e) {
        this.log.error(`scheduler pass failed: ${(e as Error).message}`);
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  handOverPrintBatch(): Promise<unknown> {
    this.batching ??= this.printBatches
      .handOver()
      .catch((e: Error) => this.log.error(`print batch hand-over failed: ${e.message}`))
      .finally(() => (this.batching = null));
    return this.batching;
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.timers.forEach(clearInterval);
    this.timers = [];
    await this.running;
    await this.batching;
    await this.handOverPrintBatch();
  }
}
