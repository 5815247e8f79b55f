/** The CLI's public entry, for the whole-system tests: where the workspace is and how its processes start. */
export { DATA, PROCESSES, ROOT } from './system';
