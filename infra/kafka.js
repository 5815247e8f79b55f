#!/usr/bin/env node
// The project's own Apache Kafka broker: KRaft single-node, resolved from Maven Central by
// infra/kafka/pom.xml and run with the machine's Java. Plain CommonJS so that the test setup,
// the CLI and a shell can all use it without a build step.
//
//   node infra/kafka.js start   # start unless something already answers at KAFKA_BROKERS
//   node infra/kafka.js stop    # stop the broker this script started
//   node infra/kafka.js status
'use strict';
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');

const KAFKA_DIR = path.join(__dirname, 'kafka');
const LIB_DIR = path.join(KAFKA_DIR, 'lib');
const DEFAULT_DATA_DIR = path.join(__dirname, '..', '.data', 'kafka');

function parseBroker(brokers) {
  const [first] = String(brokers).split(',');
  const [host, port] = first.trim().split(':');
  return { host: host || '127.0.0.1', port: Number(port || 9092) };
}

/** True when a TCP connection to host:port succeeds within the timeout. */
function answers({ host, port }, timeoutMs = 1000) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Downloads the broker's jars once (Maven's local repository keeps them for later runs). */
function resolveJars(log = console.error) {
  if (fs.existsSync(LIB_DIR) && fs.readdirSync(LIB_DIR).some((f) => f.startsWith('kafka_2.13-'))) return;
  log('kafka: resolving org.apache.kafka:kafka_2.13 from Maven Central (first run only)…');
  const r = spawnSync('mvn', ['-q', '-B', '-f', path.join(KAFKA_DIR, 'pom.xml'), 'dependency:copy-dependencies'], {
    stdio: 'inherit',
  });
  if (r.status !== 0) throw new Error('kafka: mvn dependency:copy-dependencies failed');
}

function java(args, opts = {}) {
  return spawnSync('java', ['-cp', `${LIB_DIR}/*`, ...args], { encoding: 'utf8', ...opts });
}

function writeConfig(dataDir, port, controllerPort) {
  const file = path.join(dataDir, 'server.properties');
  const lines = [
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
    `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
    'controller.listener.names=CONTROLLER',
    'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'inter.broker.listener.name=PLAINTEXT',
    `log.dirs=${path.join(dataDir, 'logs')}`,
    'num.partitions=3',
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=3',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'share.coordinator.state.topic.replication.factor=1',
    'share.coordinator.state.topic.min.isr=1',
    'group.initial.rebalance.delay.ms=0',
    'auto.create.topics.enable=true',
  ];
  fs.writeFileSync(file, lines.join('\n') + '\n');
  fs.writeFileSync(
    path.join(dataDir, 'log4j2.properties'),
    [
      'rootLogger.level=WARN',
      'rootLogger.appenderRef.file.ref=FILE',
      'appender.file.type=File',
      'appender.file.name=FILE',
      `appender.file.fileName=${path.join(dataDir, 'broker.log')}`,
      'appender.file.layout.type=PatternLayout',
      'appender.file.layout.pattern=[%d] %p %m (%c)%n',
    ].join('\n') + '\n',
  );
  return file;
}

/**
 * Starts the broker unless one already answers at `brokers`; resolves once it accepts requests.
 * Returns { started, pid } — started is false when an existing broker was found.
 */
async function start({
  brokers = process.env.KAFKA_BROKERS || '127.0.0.1:9092',
  dataDir = process.env.KAFKA_DATA_DIR || DEFAULT_DATA_DIR,
  timeoutMs = 90000,
  log = console.error,
} = {}) {
  const { host, port } = parseBroker(brokers);
  if (await answers({ host, port })) return { started: false, pid: readPid(dataDir) };
  resolveJars(log);
  fs.mkdirSync(dataDir, { recursive: true });
  const config = writeConfig(dataDir, port, port + 1);
  if (!fs.existsSync(path.join(dataDir, 'logs', 'meta.properties'))) {
    const id = java(['kafka.tools.StorageTool', 'random-uuid']).stdout.trim().split('\n').pop();
    const fmt = java(['kafka.tools.StorageTool', 'format', '-t', id, '-c', config]);
    if (fmt.status !== 0) throw new Error(`kafka: storage format failed: ${fmt.stderr}`);
  }
  const out = fs.openSync(path.join(dataDir, 'stdout.log'), 'a');
  const child = spawn(
    'java',
    [
      '-Xms256m',
      '-Xmx768m',
      `-Dlog4j2.configurationFile=${path.join(dataDir, 'log4j2.properties')}`,
      '-cp',
      `${LIB_DIR}/*`,
      'kafka.Kafka',
      config,
    ],
    { detached: true, stdio: ['ignore', out, out] },
  );
  child.unref();
  fs.writeFileSync(path.join(dataDir, 'broker.pid'), String(child.pid));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`kafka: broker exited (${child.exitCode}); see ${dataDir}/stdout.log`);
    if ((await answers({ host, port })) && (await acceptsRequests(brokers))) return { started: true, pid: child.pid };
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`kafka: broker did not answer at ${brokers} within ${timeoutMs} ms`);
}

/** A metadata round trip: the port is open before the broker serves requests. */
async function acceptsRequests(brokers) {
  const { Kafka, logLevel } = require('kafkajs');
  const admin = new Kafka({ brokers: brokers.split(','), logLevel: logLevel.NOTHING, retry: { retries: 0 } }).admin();
  try {
    await admin.connect();
    await admin.describeCluster();
    return true;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

function readPid(dataDir) {
  try {
    return Number(fs.readFileSync(path.join(dataDir, 'broker.pid'), 'utf8'));
  } catch {
    return undefined;
  }
}

/** Stops the broker this script started in dataDir (SIGTERM, then SIGKILL after the grace). */
async function stop({ dataDir = process.env.KAFKA_DATA_DIR || DEFAULT_DATA_DIR, graceMs = 20000 } = {}) {
  const pid = readPid(dataDir);
  if (!pid) return false;
  const alive = () => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  if (alive()) process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (alive() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  if (alive()) process.kill(pid, 'SIGKILL');
  fs.rmSync(path.join(dataDir, 'broker.pid'), { force: true });
  return true;
}

module.exports = { start, stop, answers, parseBroker, resolveJars };

if (require.main === module) {
  const cmd = process.argv[2];
  const run = {
    start: async () => {
      const r = await start();
      console.log(r.started ? `kafka: started (pid ${r.pid})` : 'kafka: already running');
    },
    stop: async () => console.log((await stop()) ? 'kafka: stopped' : 'kafka: not started by this script'),
    status: async () => {
      const up = await answers(parseBroker(process.env.KAFKA_BROKERS || '127.0.0.1:9092'));
      console.log(up ? 'kafka: up' : 'kafka: down');
      process.exitCode = up ? 0 : 1;
    },
  }[cmd];
  if (!run) {
    console.error('usage: node infra/kafka.js start|stop|status');
    process.exit(2);
  }
  run().catch((e) => {
    console.error(e.message);
    process.exit(1);
  });
}
