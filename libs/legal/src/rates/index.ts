export * from './rate-table';
export { BE_LATE_PAYMENT } from './be-late-payment';
export { NL_STATUTORY } from './nl-statutory';
export { NL_COMMERCIAL } from './nl-commercial';
