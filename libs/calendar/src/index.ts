export * from './calendar';
export * from './zoned-time';
export * from './country-zones';
export * from './clock';
export * from './business-days';
