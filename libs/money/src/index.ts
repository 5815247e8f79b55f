export * from './money';
export * from './ratio';
