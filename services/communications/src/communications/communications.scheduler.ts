import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { COMMUNICATIONS_CONFIG, type CommunicationsConfig } from '../config';
import { CommunicationsService } from './communications.service';

/**
 * Sends what is due: new requests, refusals whose moment has come, retries. A poller rather
 * than timers per communication, so a restart loses nothing (the due moments are in the table)
 * and several instances share the work (rows are taken with FOR UPDATE SKIP LOCKED). Also hands
 * the open print batch over at its interval, and once more on shutdown.
 */
@Injectable()
export class CommunicationsScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly log = new Logger('communications-scheduler');
  private timers: NodeJS.Timeout[] = [];
  private running: Promise<void> | null = null;
  private batching: Promise<unknown> | null = null;

  constructor(
    private readonly communications: CommunicationsService,
    @Inject(COMMUNICATIONS_CONFIG) private readonly config: CommunicationsConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.communications.requeueOrphanedLetters(2 * this.config.PRINT_BATCH_INTERVAL_MS).catch((e: Error) => this.log.error(`requeue of letters failed: ${e.message}`));
    this.timers = [
      setInterval(() => void this.tick(), this.config.SCHEDULER_INTERVAL_MS),
      setInterval(() => void this.handOverPrintBatch(), this.config.PRINT_BATCH_INTERVAL_MS),
    ];
  }

  /** One pass over what is due; a pass still running is not started twice. */
  tick(): Promise<void> {
    this.running ??= (async () => {
      try {
        for (const id of await this.communications.dueIds()) await this.communications.process(id);
      } catch (e) {
        this.log.error(`scheduler pass failed: ${(e as Error).message}`);
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  handOverPrintBatch(): Promise<unknown> {
    this.batching ??= this.communications
      .closePrintBatch()
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
