export * from './ogm';
export * from './rf-creditor-reference';
export * from './payment-references';
