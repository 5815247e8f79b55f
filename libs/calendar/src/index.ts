export * from './calendar';
export * from './zoned-time';
