export * from './identity';
export * from './tokens';
export * from './passwords';
export * from './walls';
export * from './secrets';
