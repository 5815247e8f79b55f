import { DEV_SECRETS } from '@amicus/auth';
import { int, readConfig, str, url } from '@amicus/config';
import { assertProductionConfig } from '@amicus/service-runtime';
import { committedSupergraphFile } from './supergraph';
import { builtWebAppDir } from './web-app';

export const SUPERGRAPH_SOURCES = ['file', 'introspection'] as const;
export type SupergraphSource = (typeof SUPERGRAPH_SOURCES)[number];

const supergraphSource = (doc: string, dflt: SupergraphSource) => ({
  doc,
  default: dflt,
  parse: (raw: string): SupergraphSource => {
    const source = SUPERGRAPH_SOURCES.find((s) => s === raw);
    if (!source) throw new Error(`must be one of ${SUPERGRAPH_SOURCES.join(', ')}`);
    return source;
  },
});

export const gatewayConfigSpec = {
  PORT: int('HTTP port of the gateway', 4000, { min: 1, max: 65535 }),
  HOST: str('address to listen on', '127.0.0.1'),
  JWT_SECRET: str("secret that signs user tokens (sessions): the same as the cases service's", DEV_SECRETS.jwt),
  GATEWAY_ASSERTION_PRIVATE_KEY: str(
    "the gateway's Ed25519 private key (base64 PKCS#8 DER or PEM) that signs its assertions, one per subgraph call; the subgraphs get its public key (`amicus keys`)",
    DEV_SECRETS.gatewayPrivateKey,
  ),
  SESSION_CHECK_CACHE_MS: int(
    'how long the gateway trusts a session it checked with the cases service (revoked, disabled, role changed), in ms',
    2000,
    { max: 5000 },
  ),
  CASES_URL: url('GraphQL URL of the cases subgraph', 'http://127.0.0.1:4001/graphql', ['http', 'https']),
  COMMUNICATIONS_URL: url('GraphQL URL of the communications subgraph', 'http://127.0.0.1:4002/graphql', ['http', 'https']),
  BILLING_URL: url('GraphQL URL of the billing subgraph', 'http://127.0.0.1:4003/graphql', ['http', 'https']),
  REPORTING_URL: url('GraphQL URL of the reporting subgraph', 'http://127.0.0.1:4004/graphql', ['http', 'https']),
  SUPERGRAPH_SOURCE: supergraphSource(
    'file: serve the committed supergraph; introspection: compose the running subgraphs (development)',
    'file',
  ),
  SUPERGRAPH_FILE: str('the composed supergraph served when SUPERGRAPH_SOURCE=file', committedSupergraphFile()),
  SUPERGRAPH_POLL_MS: int('with SUPERGRAPH_SOURCE=introspection, how often the subgraphs are introspected again, in ms', 10000, {
    min: 500,
  }),
  WEB_DIR: str('the built web app served at / (npm run build writes it)', builtWebAppDir()),
  NODE_ENV: str(
    'development shows Apollo Sandbox on the endpoint and answers introspection; production does neither and refuses development secrets',
    'development',
  ),
};

export type GatewayConfig = ReturnType<typeof readGatewayConfig>;
/** The gateway's environment; in production a development or short secret stops it (named). */
export function readGatewayConfig(env: NodeJS.ProcessEnv = process.env) {
  const config = readConfig(gatewayConfigSpec, env);
  assertProductionConfig(config);
  return config;
}

export function subgraphsOf(config: GatewayConfig) {
  return [
    { name: 'cases', url: config.CASES_URL },
    { name: 'communications', url: config.COMMUNICATIONS_URL },
    { name: 'billing', url: config.BILLING_URL },
    { name: 'reporting', url: config.REPORTING_URL },
  ];
}

/** Where the gateway sends a subgraph's requests: its configured URL, whatever URL the supergraph carries. */
export function subgraphUrl(config: GatewayConfig, name: string): string {
  const subgraph = subgraphsOf(config).find((s) => s.name === name);
  if (!subgraph) throw new Error(`the supergraph names a subgraph "${name}" the gateway has no URL for`);
  return subgraph.url;
}
