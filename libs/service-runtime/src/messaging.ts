import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import fs from 'node:fs';
import { Kafka, KafkaConfig, SASLOptions, logLevel } from 'kafkajs';
import type pino from 'pino';
import { EventEnvelope } from '@amicus/events';
import { EventRoute, IdempotentConsumer, Outbox, OutboxRelay, ensureTopics } from '@amicus/messaging';
import { messagingLogger } from './logger';

export const RUNTIME = Symbol('amicus-runtime');

export interface RuntimeContext {
  service: string;
  schema: string;
  kafkaBrokers: string[];
  groupPrefix: string;
  /** Prefix of every topic name: one broker can carry several installations (tests, staging). */
  topicPrefix: string;
  log: pino.Logger;
  /** Every topic this service publishes to or consumes from; created on start. */
  topics: string[];
  /** TLS and SASL towards the brokers (none for a local broker). */
  kafkaSecurity?: KafkaSecurity;
}

/** TLS and SASL towards the brokers, as kafkajs takes them. */
export type KafkaSecurity = Pick<KafkaConfig, 'ssl' | 'sasl'>;

const SASL_MECHANISMS = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;

/**
 * KAFKA_SSL, KAFKA_SSL_CA_FILE and KAFKA_SASL_* read into kafkajs' options; a bad combination
 * stops the start with the setting's name.
 */
export function kafkaSecurityOf(config: {
  KAFKA_SSL?: string;
  KAFKA_SSL_CA_FILE?: string;
  KAFKA_SASL_MECHANISM?: string;
  KAFKA_SASL_USERNAME?: string;
  KAFKA_SASL_PASSWORD?: string;
}): KafkaSecurity {
  const security: KafkaSecurity = {};
  const ssl = (config.KAFKA_SSL ?? '').toLowerCase();
  if (!['', 'true', 'false'].includes(ssl)) throw new Error(`KAFKA_SSL=${JSON.stringify(config.KAFKA_SSL)}: must be true, false or empty`);
  if (config.KAFKA_SSL_CA_FILE) {
    if (ssl === 'false') throw new Error('KAFKA_SSL_CA_FILE: is set but KAFKA_SSL=false');
    let ca: string;
    try {
      ca = fs.readFileSync(config.KAFKA_SSL_CA_FILE, 'utf8');
    } catch {
      throw new Error(`KAFKA_SSL_CA_FILE=${JSON.stringify(config.KAFKA_SSL_CA_FILE)}: cannot be read`);
    }
    security.ssl = { ca: [ca], rejectUnauthorized: true };
  } else if (ssl === 'true') security.ssl = true;
  const mechanism = (config.KAFKA_SASL_MECHANISM ?? '').toLowerCase();
  if (mechanism) {
    if (!(SASL_MECHANISMS as readonly string[]).includes(mechanism))
      throw new Error(`KAFKA_SASL_MECHANISM=${JSON.stringify(config.KAFKA_SASL_MECHANISM)}: must be one of ${SASL_MECHANISMS.join(', ')}`);
    if (!config.KAFKA_SASL_USERNAME) throw new Error('KAFKA_SASL_USERNAME: is required with KAFKA_SASL_MECHANISM');
    if (!config.KAFKA_SASL_PASSWORD) throw new Error('KAFKA_SASL_PASSWORD: is required with KAFKA_SASL_MECHANISM');
    security.sasl = {
      mechanism,
      username: config.KAFKA_SASL_USERNAME,
      password: config.KAFKA_SASL_PASSWORD,
    } as SASLOptions;
  }
  return security;
}

export function createKafka(service: string, brokers: string[], log: pino.Logger, security: KafkaSecurity = {}): Kafka {
  return new Kafka({
    ...security,
    clientId: `amicus-${service}`,
    brokers,
    logLevel: logLevel.WARN,
    retry: { initialRetryTime: 300, retries: 8 },
    logCreator: () => (entry) => {
      const { message, ...rest } = entry.log;
      (entry.level <= logLevel.ERROR ? log.error.bind(log) : log.warn.bind(log))({ kafka: rest }, message);
    },
  });
}

/**
 * A service's side of the event bus: the outbox it writes to in its transactions, the relay
 * that publishes it, and its idempotent consumers. Consumers are registered by the feature
 * modules during module init and start once the application has booted.
 */
@Injectable()
export class Messaging implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly kafka: Kafka;
  private readonly outbox: Outbox;
  private readonly relay: OutboxRelay;
  private readonly consumers: IdempotentConsumer[] = [];
  private starting: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(RUNTIME) private readonly runtime: RuntimeContext,
  ) {
    this.kafka = createKafka(runtime.service, runtime.kafkaBrokers, runtime.log, runtime.kafkaSecurity);
    this.outbox = new Outbox(runtime.schema, { topicPrefix: runtime.topicPrefix });
    this.relay = new OutboxRelay({
      dataSource,
      schema: runtime.schema,
      kafka: this.kafka,
      logger: messagingLogger(runtime.log.child({ component: 'outbox-relay' })),
    });
  }

  /** This installation's name of a topic. */
  private topic(name: string): string {
    return this.runtime.topicPrefix + name;
  }

  /** Writes events in the caller's transaction; the relay publishes them after commit. */
  publish(manager: EntityManager, events: EventEnvelope | EventEnvelope[]): Promise<void> {
    return this.outbox.append(manager, events);
  }

  /** Events written and not yet published (for the metrics scrape). */
  outboxBacklog(): Promise<number> {
    return this.relay.pending();
  }

  /** Registers a consumer group of this service; `handlers` are `on(Event, handler)` routes. */
  consume(name: string, topics: string[], handlers: readonly EventRoute[]): void {
    this.consumers.push(
      new IdempotentConsumer({
        dataSource: this.dataSource,
        schema: this.runtime.schema,
        kafka: this.kafka,
        groupId: `${this.runtime.groupPrefix}${this.runtime.service}.${name}`,
        topics: topics.map((t) => this.topic(t)),
        handlers,
        logger: messagingLogger(this.runtime.log.child({ component: `consumer:${name}` })),
      }),
    );
  }

  /** Starts in the background: the service serves (and reports Kafka down) while Kafka is away. */
  onApplicationBootstrap(): void {
    this.starting = this.startWhenKafkaAnswers();
  }

  /**
   * Retries the whole start (topics, relay, every consumer) until it succeeds or the service
   * stops: a consumer that cannot subscribe yet must not take the process down with it.
   */
  private async startWhenKafkaAnswers(): Promise<void> {
    for (let attempt = 1; !this.stopped; attempt++) {
      try {
        await ensureTopics(
          this.kafka,
          this.runtime.topics.map((t) => this.topic(t)),
        );
        await this.relay.start();
        for (const consumer of this.consumers) {
          if (this.stopped) return;
          await consumer.start(); // a started consumer returns at once on a retry
        }
        this.runtime.log.info({ consumers: this.consumers.length }, 'messaging started');
        return;
      } catch (e) {
        if (attempt % 10 === 1) this.runtime.log.warn({ err: String(e), attempt }, 'kafka not ready yet; retrying');
        await new Promise((r) => setTimeout(r, Math.min(5000, 250 * attempt)));
      }
    }
  }

  /** Graceful: stop consuming (the in-flight batch finishes and commits), then the relay. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.starting?.catch(() => undefined);
    await Promise.all(this.consumers.map((c) => c.stop()));
    await this.relay.stop();
  }

  /** For /health: every consumer has joined its group and is consuming. */
  consumersRunning(): boolean {
    return this.consumers.every((c) => c.isRunning());
  }

  /** For /health: a metadata round trip to the cluster. */
  async kafkaUp(timeoutMs = 2000): Promise<boolean> {
    const admin = this.kafka.admin();
    try {
      await Promise.race([
        admin.connect().then(() => admin.describeCluster()),
        new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), timeoutMs)),
      ]);
      return true;
    } catch {
      return false;
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }
}
