import http from 'node:http';
import express from 'express';
import cookieParser from 'cookie-parser';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloGateway, IntrospectAndCompose, RemoteGraphQLDataSource } from '@apollo/gateway';
import type pino from 'pino';
import { GATEWAY_ASSERTION_HEADER, Identity } from '@amicus/auth';
import { GATEWAY_QUERY_LIMITS, namingTokenLimit, parseOptionsFor, queryLimitRules } from '@amicus/query-limits';
import { GatewayConfig, subgraphUrl, subgraphsOf } from './config';
import { CLIENT_IP_HEADER, clientIp, currentIdentity, requestIdentity, sessionRouter } from './session';
import { assertionFor, assertionHeaders } from './authentication';
import { webApp } from './web-app';
import { webhooks } from './webhooks';
import { graphqlBodyParser } from './body-limits';
import { readSupergraph } from './supergraph';
import { collectProcessMetrics, httpMetrics, metricsResponse } from '@amicus/service-runtime';

interface GatewayContext {
  identity: Identity | null;
  correlationId: string;
  clientIp: string;
}

/**
 * Node's own fetch (undici) to the subgraphs: its connections are kept alive per subgraph and
 * closed before the subgraph's keep-alive timeout ends them (it reads the server's
 * `Keep-Alive: timeout`), so a call never lands on a socket the subgraph has just closed; and it
 * skips the HTTP-cache layer of the default fetcher, which a POST to a subgraph never uses.
 */
const subgraphFetch = fetch as unknown as NonNullable<ConstructorParameters<typeof RemoteGraphQLDataSource>[0]>['fetcher'];

/** Forwards each subgraph call with the gateway's signed statement of who is calling, for that subgraph alone. */
class IdentityForwardingDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    url: string,
    private readonly assertion: (identity: Identity | null) => string,
  ) {
    super({ url, fetcher: subgraphFetch });
  }

  override willSendRequest({ request, context }: Parameters<NonNullable<RemoteGraphQLDataSource<GatewayContext>['willSendRequest']>>[0]) {
    request.http?.headers.set(GATEWAY_ASSERTION_HEADER, this.assertion(context.identity ?? null));
    if (context.correlationId) request.http?.headers.set('x-correlation-id', context.correlationId);
    if (context.clientIp) request.http?.headers.set(CLIENT_IP_HEADER, context.clientIp);
  }
}

/** The committed supergraph (read once, at start), or, for development, the running subgraphs composed. */
function supergraphSource(config: GatewayConfig): () => string | IntrospectAndCompose {
  if (config.SUPERGRAPH_SOURCE === 'file') {
    const sdl = readSupergraph(config.SUPERGRAPH_FILE);
    return () => sdl;
  }
  return () =>
    new IntrospectAndCompose({
      subgraphs: subgraphsOf(config),
      // Introspection needs no identity, but it still must come from the gateway.
      introspectionHeaders: (service) => assertionHeaders(config, service.name),
      pollIntervalInMs: config.SUPERGRAPH_POLL_MS,
    });
}

function composeGateway(config: GatewayConfig, supergraphSdl: string | IntrospectAndCompose, log: pino.Logger): ApolloGateway {
  return new ApolloGateway({
    supergraphSdl,
    // The configured URL, not the one in the supergraph: the committed file carries the defaults.
    buildService: ({ name }) =>
      new IdentityForwardingDataSource(subgraphUrl(config, name), (identity) => assertionFor(config, name, identity)),
    logger: {
      debug: () => undefined,
      info: (m) => log.info(String(m)),
      warn: (m) => log.warn(String(m)),
      error: (m) => log.error(String(m)),
    },
  });
}

export interface RunningGateway {
  url: string;
  server: http.Server;
  /** Resolves once /graphql serves the supergraph; rejects when the committed one cannot be served. */
  ready: Promise<void>;
  stop(): Promise<void>;
}

/**
 * Listens at once and serves the committed supergraph, ready as soon as it is loaded; a
 * subgraph that is down fails only the requests that need it. With SUPERGRAPH_SOURCE=introspection
 * it composes the four subgraphs in the background instead, retrying until they all answer: the
 * gateway may start before the subgraphs. Until the supergraph is there, /graphql answers 503.
 */
export async function startGateway(config: GatewayConfig, log: pino.Logger): Promise<RunningGateway> {
  const supergraph = supergraphSource(config);
  const app = express();
  const server = http.createServer(app);
  let apollo: ApolloServer<GatewayContext> | null = null;
  let stopping = false;

  collectProcessMetrics('gateway');
  app.use(httpMetrics());
  // Prometheus scrapes the gateway from the machine it runs on (or a sidecar there): the
  // metrics hold no personal data, but the public address need not show the system's load.
  app.get('/metrics', async (req, res) => {
    if (!isLoopback(req.socket.remoteAddress)) return void res.status(404).end();
    const m = await metricsResponse();
    res.status(200).type(m.contentType).send(m.body);
  });

  app.get('/health', (_req, res) => {
    res.status(apollo ? 200 : 503).json({ status: apollo ? 'ok' : 'composing', subgraphs: subgraphsOf(config).map((s) => s.name) });
  });

  app.use(cookieParser());
  app.use('/session', sessionRouter(config));
  app.use('/webhooks', webhooks(config));

  const graphql = express.Router();
  // Who calls, from the headers, decides how much of a body is read: a signed-in caller may upload.
  const signedIn = (req: express.Request) => {
    try {
      return requestIdentity(req, config.JWT_SECRET) !== null;
    } catch {
      return false; // the request fails in its context with the reason; its body gets the small limit
    }
  };
  app.use('/graphql', graphqlBodyParser(signedIn), (req, res, next) => {
    if (apollo) return graphql(req, res, next);
    res.status(503).json({
      errors: [{ message: 'the gateway is still composing the subgraphs; retry shortly', extensions: { code: 'SERVICE_UNAVAILABLE' } }],
    });
  });

  // Everything else is the web app (after /graphql, /session and /health).
  app.use(webApp(config.WEB_DIR));

  await new Promise<void>((resolve) => server.listen(config.PORT, config.HOST, resolve));
  const url = `http://${config.HOST}:${config.PORT}/graphql`;
  log.info({ url }, 'gateway listening');

  const ready = (async () => {
    for (let attempt = 1; !stopping; attempt++) {
      const candidate = new ApolloServer<GatewayContext>({
        gateway: composeGateway(config, supergraph(), log),
        plugins: [
          ApolloServerPluginDrainHttpServer({ httpServer: server }),
          config.NODE_ENV === 'production'
            ? ApolloServerPluginLandingPageDisabled()
            : ApolloServerPluginLandingPageLocalDefault({ embed: true }),
        ],
        introspection: config.NODE_ENV !== 'production',
        includeStacktraceInErrorResponses: false,
        // Depth, aliases, tokens and cost, before a query reaches any subgraph.
        validationRules: queryLimitRules(GATEWAY_QUERY_LIMITS),
        parseOptions: parseOptionsFor(GATEWAY_QUERY_LIMITS),
        formatError: namingTokenLimit,
      });
      try {
        await candidate.start();
      } catch (e) {
        // The committed file does not get better by waiting: a broken one stops the gateway.
        if (config.SUPERGRAPH_SOURCE === 'file') throw e;
        if (attempt === 1 || attempt % 10 === 0) log.warn({ attempt, err: (e as Error).message }, 'subgraphs not composable yet; retrying');
        await new Promise((r) => setTimeout(r, Math.min(3000, 300 * attempt)));
        continue;
      }
      graphql.use(
        expressMiddleware(candidate, {
          context: async ({ req }) => ({
            identity: await currentIdentity(req, config),
            correlationId: (req.headers['x-correlation-id'] as string | undefined) ?? crypto.randomUUID(),
            clientIp: clientIp(req),
          }),
        }),
      );
      apollo = candidate;
      if (config.SUPERGRAPH_SOURCE === 'file') log.info({ file: config.SUPERGRAPH_FILE }, 'supergraph loaded');
      else log.info({ attempts: attempt }, 'supergraph composed');
      return;
    }
  })();

  return {
    url,
    server,
    ready,
    async stop() {
      stopping = true;
      await ready.catch(() => undefined);
      if (apollo) await apollo.stop();
      else await new Promise((r) => server.close(r));
    },
  };
}

const isLoopback = (address: string | undefined): boolean =>
  !!address && (address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.'));
