import { createLogger } from '@amicus/service-runtime';
import { readGatewayConfig } from './config';
import { startGateway } from './gateway';

async function main() {
  const log = createLogger('gateway');
  const gateway = await startGateway(readGatewayConfig(), log);
  gateway.ready.catch((e: Error) => {
    log.fatal({ err: e.message }, 'cannot serve the supergraph');
    console.error(e.message);
    process.exit(1);
  });
  const stop = async (signal: string) => {
    log.info({ signal }, 'stopping');
    await gateway.stop();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
