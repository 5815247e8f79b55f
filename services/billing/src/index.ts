// The billing service's public entry: what tools (cli/, bench/, tests/) may call.
export { billingSchema, BILLING_SCHEMA } from './billing-schema';
export {
  type Agreement,
  type AgreementTerms,
  type AgreementTermsInput,
  agreementInForce,
  BE_VAT_BP,
  REVERSE_CHARGE_MENTION,
} from './agreements/agreement';
export {
  type AllocationFacts,
  type LedgerTransaction,
  type PaymentFacts,
  allocationTransaction,
  balanceKey,
  balancesOf,
  feeTransaction,
  isBalanced,
  receivedTransaction,
  reversalOf,
} from './ledger/ledger';
export { insertTransaction, insertTransactions } from './ledger/ledger-store';
export { AgreementsService } from './agreements/agreements.service';
export { RemittancesService, type Remittance } from './remittances/remittances.service';
export { periodContaining, remit } from './remittances/remittance';
export { payoutFile } from './remittances/remittance-files';
export { InvoicesService } from './invoices/invoices.service';
export { InvoiceDeliveryService } from './invoices/invoice-delivery.service';
export { type Invoice } from './invoices/invoice-store';
