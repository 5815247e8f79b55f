export * from './epc-qr';
export * from './sms';
export * from './email';
export * from './letter';
export * from './pdf-pool';
export * from './preview';
