// Before any test: the database exists and a Kafka broker answers (the project's own broker is
// started when nothing answers at KAFKA_BROKERS; it is left running for the next run).
'use strict';
const { ensureDatabase } = require('../../infra/database');
const kafka = require('../../infra/kafka');

module.exports = async () => {
  await ensureDatabase();
  await kafka.start({ log: (m) => process.stderr.write(m + '\n') });
};
