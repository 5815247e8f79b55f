/** The CLI's public entry, for the whole-system tests: where the workspace is, how its processes start, the demo they load. */
export { DATA, PROCESSES, ROOT } from './system';
export { DEMO_USERS, loadDemoData, type DemoSummary } from './commands/demo-data';
export { parkedMessages, replayParked, type Parked, type ReplayOutcome } from './commands/messages';
