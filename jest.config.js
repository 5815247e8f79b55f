/** One Jest run for the whole workspace: unit specs beside the code, integration tests in
 * each service's test/, whole-system tests in tests/. globalSetup makes sure Postgres has the
 * database and the Kafka broker answers (starting the project's own broker if not). */
const swc = JSON.parse(require('fs').readFileSync(__dirname + '/.swcrc', 'utf8'));
delete swc.$schema;
module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest', { ...swc, swcrc: false }] },
  // A service's public entry (what tools may call), then the libs.
  moduleNameMapper: {
    '^@amicus/(cases|communications|billing|reporting)$': '<rootDir>/services/$1/src/index.ts',
    '^@amicus/cli$': '<rootDir>/cli/src/index.ts',
    '^@amicus/(.*)$': '<rootDir>/libs/$1/src/index.ts',
  },
  // web/: the app's pure helpers (the browser tests are in tests/).
  testMatch: ['<rootDir>/{libs,services,gateway,cli,tests}/**/*.{spec,test}.ts', '<rootDir>/web/src/**/*.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  globalSetup: '<rootDir>/tools/jest/global-setup.js',
  reporters: ['default', '<rootDir>/tools/jest/summary-reporter.js'],
  testTimeout: 60000,
  // A test that leaves a socket open must not hang CI; --detectOpenHandles finds it.
  forceExit: true,
};
