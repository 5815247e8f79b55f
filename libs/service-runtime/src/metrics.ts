/**
 * Prometheus metrics of a process (#18 §6), in prom-client's default registry — the one the
 * messaging plumbing registers its parked-message metrics in (libs/messaging/src/metrics.ts):
 * the process's own (CPU, memory, event loop lag, GC), HTTP requests by route and status with
 * their latency, and a service's outbox backlog. Served at GET /metrics by every subgraph and
 * the gateway.
 */
import type { NextFunction, Request, Response } from 'express';
import { collectDefaultMetrics, Gauge, Histogram, register } from 'prom-client';

let defaults = false;

/** The process's own metrics, once per process, labelled with the service. */
export function collectProcessMetrics(service: string): void {
  if (defaults) return;
  defaults = true;
  register.setDefaultLabels({ service });
  collectDefaultMetrics();
}

const httpDuration =
  (register.getSingleMetric('amicus_http_request_duration_seconds') as Histogram | undefined) ??
  new Histogram({
    name: 'amicus_http_request_duration_seconds',
    help: 'HTTP requests by route, method and status, with their latency',
    labelNames: ['route', 'method', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  });

/** Events written to a service's outbox and not yet published, as last counted at a scrape. */
export const outboxBacklogGauge =
  (register.getSingleMetric('amicus_outbox_backlog') as Gauge | undefined) ??
  new Gauge({ name: 'amicus_outbox_backlog', help: 'Events in the outbox not yet published to Kafka' });

/**
 * The route a request counts under: its first path segment (`/graphql`, `/health`, `/webhooks`),
 * never the rest — ids and tokens in paths would make a series per request and leak them.
 */
export function routeOf(path: string): string {
  const first = /^\/[A-Za-z0-9_-]{1,40}/.exec(path)?.[0];
  return first ?? '/';
}

/** Express middleware timing every request. */
export function httpMetrics() {
  return (req: Request, res: Response, next: NextFunction) => {
    const end = httpDuration.startTimer({ route: routeOf(req.path), method: req.method });
    res.on('finish', () => end({ status: String(res.statusCode) }));
    next();
  };
}

/** What GET /metrics answers: the registry in Prometheus' text format. */
export async function metricsResponse(): Promise<{ contentType: string; body: string }> {
  return { contentType: register.contentType, body: await register.metrics() };
}
