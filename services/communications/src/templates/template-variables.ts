/**
 * The template variable catalog: every name a template may use (the shared vocabulary of the
 * communications service and the legal engine's required mentions), its type, what it means,
 * and a sample value for previews. Lists (`claims`, `amounts.breakdown`) have item fields,
 * named `claims.number` etc. in the catalog and in the legal engine's mentions.
 */
import type { CalendarDate } from '@amicus/calendar';
import type { Money } from '@amicus/money';

export interface ClaimLine {
  number: string;
  issueDate: CalendarDate;
  dueDate: CalendarDate;
  description: string;
  principal: Money;
}

export interface StatementLine {
  label: string;
  amount: Money;
  /** Why this amount is claimed: the contract clause or the legal basis and the calculation. */
  explanation: string;
}

export interface TemplateContext {
  debtor: { name: string; addressLines: string[]; language: string; kind: 'consumer' | 'business' };
  creditor: {
    name: string;
    enterpriseNumber: string;
    addressLines: string[];
    phone: string;
    email: string;
    capacity: string;
  };
  agency: {
    name: string;
    enterpriseNumber: string;
    addressLines: string[];
    registrationNumber: string;
    supervisor: string;
  };
  claims: ClaimLine[];
  amounts: {
    principal: Money;
    interest: Money;
    damages: Money;
    costs: Money;
    paid: Money;
    total: Money;
    damagesIfUnpaid: Money;
    breakdown: StatementLine[];
  };
  term: { days: number; endDate: CalendarDate; contestNotice: string; consequences: string };
  payment: { reference: string; iban: string; bic: string | null; link: string; qr: string };
  brand: {
    name: string;
    logoUrl: string | null;
    primaryColor: string;
    secondaryColor: string;
    senderName: string;
    replyEmail: string;
    phone: string;
    iban: string;
    website: string;
    footer: string;
    /** Image (URL or data URL) printed at the top of letters instead of the logo, when set. */
    letterhead: string | null;
  };
  case: { reference: string };
  today: CalendarDate;
}

export type VariableType = 'object' | 'string' | 'number' | 'date' | 'money' | 'url' | 'image' | 'lines' | 'list';

export interface TemplateVariable {
  /** Dotted name; item fields of a list are `list.field` (`claims.number`). */
  path: string;
  type: VariableType;
  description: string;
}

const v = (path: string, type: VariableType, description: string): TemplateVariable => ({ path, type, description });

export const TEMPLATE_VARIABLES: readonly TemplateVariable[] = [
  v('debtor', 'object', 'The debtor addressed.'),
  v('debtor.name', 'string', "Debtor's full name or company name (debtor-supplied: always escaped)."),
  v('debtor.addressLines', 'lines', 'Postal address, one line per entry, as printed in the envelope window.'),
  v('debtor.language', 'string', 'Language of the communication: nl, fr, de or en.'),
  v('debtor.kind', 'string', "'consumer' or 'business'; decides which law applies."),
  v('creditor', 'object', 'The original creditor (the client).'),
  v('creditor.name', 'string', "Creditor's name."),
  v('creditor.enterpriseNumber', 'string', "Creditor's enterprise (company) number."),
  v('creditor.addressLines', 'lines', "Creditor's address."),
  v('creditor.phone', 'string', "Creditor's phone number."),
  v('creditor.email', 'string', "Creditor's e-mail address."),
  v('creditor.capacity', 'string', 'In what capacity the creditor acts, e.g. "original creditor".'),
  v('agency', 'object', 'The collection agency writing.'),
  v('agency.name', 'string', "Agency's name."),
  v('agency.enterpriseNumber', 'string', "Agency's enterprise number."),
  v('agency.addressLines', 'lines', "Agency's address."),
  v('agency.registrationNumber', 'string', "Agency's registration with the FPS Economy (BE CEL XIX; required on every communication)."),
  v('agency.supervisor', 'string', 'Contact details of the supervising administration (FPS Economy).'),
  v('claims', 'list', 'The claims (invoices) of the case; use {{#each claims}}.'),
  v('claims.number', 'string', 'Invoice number.'),
  v('claims.issueDate', 'date', 'Invoice date.'),
  v('claims.dueDate', 'date', 'Date the invoice fell due.'),
  v('claims.description', 'string', 'Goods or service invoiced.'),
  v('claims.principal', 'money', 'Principal still due on this invoice.'),
  v('amounts', 'object', 'The statement of amounts.'),
  v('amounts.principal', 'money', 'Principal still due.'),
  v('amounts.interest', 'money', 'Interest claimed.'),
  v('amounts.damages', 'money', 'Damages (lump-sum compensation) claimed.'),
  v('amounts.costs', 'money', 'Other costs claimed.'),
  v('amounts.paid', 'money', 'Already paid (for a receipt: everything received so far).'),
  v('amounts.total', 'money', 'Total now due (for a promise: the promised amount; for a plan: the plan total).'),
  v('amounts.damagesIfUnpaid', 'money', 'Damages that will be claimed if not paid within the term.'),
  v('amounts.breakdown', 'list', 'Statement lines (for a payment plan: the instalments); use {{#each amounts.breakdown}}.'),
  v('amounts.breakdown.label', 'string', 'What the line is.'),
  v('amounts.breakdown.amount', 'money', 'The amount of the line.'),
  v('amounts.breakdown.explanation', 'string', 'Why it is claimed: clause or legal basis, and how it is calculated.'),
  v('term', 'object', 'The term given to the debtor.'),
  v('term.days', 'number', 'Length of the term in calendar days.'),
  v('term.endDate', 'date', 'Last day of the term (for a promise: the promised date; before the due date: the first due date).'),
  v('term.contestNotice', 'string', 'Sentence saying the debtor may pay or contest within the term.'),
  v('term.consequences', 'string', 'What further steps may follow without reaction.'),
  v('payment', 'object', 'How to pay.'),
  v('payment.reference', 'string', 'Structured reference: OGM/VCS (+++123/4567/89002+++) in BE, RF elsewhere.'),
  v('payment.iban', 'string', 'Account to pay into.'),
  v('payment.bic', 'string', 'BIC of that account (may be empty).'),
  v('payment.link', 'url', 'Short online payment link.'),
  v('payment.qr', 'image', 'Data URL of the EPC (SEPA) payment QR code.'),
  v('brand', 'object', "The client's brand the debtor knows."),
  v('brand.name', 'string', 'Brand name.'),
  v('brand.logoUrl', 'image', 'Logo image URL (may be empty).'),
  v('brand.primaryColor', 'string', 'Main colour, #rrggbb.'),
  v('brand.secondaryColor', 'string', 'Second colour, #rrggbb.'),
  v('brand.senderName', 'string', 'Name the communication is sent under.'),
  v('brand.replyEmail', 'string', 'Reply e-mail address.'),
  v('brand.phone', 'string', 'Phone number for debtors.'),
  v('brand.iban', 'string', "Brand's account."),
  v('brand.website', 'url', 'Website.'),
  v('brand.footer', 'string', 'Footer text (may hold line breaks).'),
  v('brand.letterhead', 'image', 'Letterhead image for letters (may be empty).'),
  v('case', 'object', 'The case (dossier).'),
  v('case.reference', 'string', "The case's reference, to quote in any reply."),
  v('today', 'date', 'Date of sending.'),
];

export const TEMPLATE_VARIABLES_BY_PATH: ReadonlyMap<string, TemplateVariable> = new Map(
  TEMPLATE_VARIABLES.map((variable) => [variable.path, variable]),
);

const eur = (amountMinor: bigint): Money => ({ amountMinor, currency: 'EUR' });

/** A realistic Belgian consumer case, used to preview any template version. */
export const SAMPLE_CONTEXT: TemplateContext = {
  debtor: { name: 'Jan Peeters', addressLines: ['Kerkstraat 12 bus 3', '2000 Antwerpen', 'België'], language: 'nl', kind: 'consumer' },
  creditor: {
    name: 'Fietsen Vermeulen BV',
    enterpriseNumber: 'BE 0123.456.749',
    addressLines: ['Meir 50', '2000 Antwerpen'],
    phone: '+32 3 123 45 67',
    email: 'boekhouding@fietsenvermeulen.be',
    capacity: 'oorspronkelijke schuldeiser',
  },
  agency: {
    name: 'Amicus Incasso NV',
    enterpriseNumber: 'BE 0987.654.312',
    addressLines: ['Wetstraat 100', '1040 Brussel'],
    registrationNumber: 'FOD Economie 0987.654.312/2024',
    supervisor:
      'FOD Economie, Algemene Directie Economische Inspectie, Koning Albert II-laan 16, 1000 Brussel, eco.inspec.fo@economie.fgov.be',
  },
  claims: [
    {
      number: 'F2024-0173',
      issueDate: '2024-10-01',
      dueDate: '2024-10-31',
      description: 'Herstelling elektrische fiets',
      principal: eur(34_950n),
    },
    { number: 'F2024-0219', issueDate: '2024-11-05', dueDate: '2024-12-05', description: 'Onderhoudsbeurt', principal: eur(8_900n) },
  ],
  amounts: {
    principal: eur(43_850n),
    interest: eur(0n),
    damages: eur(0n),
    costs: eur(0n),
    paid: eur(0n),
    total: eur(43_850n),
    damagesIfUnpaid: eur(5_385n),
    breakdown: [{ label: 'Hoofdsom', amount: eur(43_850n), explanation: 'Openstaande facturen F2024-0173 en F2024-0219' }],
  },
  term: {
    days: 14,
    endDate: '2025-01-22',
    contestNotice: 'U kunt binnen deze termijn betalen of de vordering betwisten.',
    consequences: 'Zonder reactie binnen deze termijn kan de schuldeiser verdere invorderingsstappen zetten.',
  },
  payment: {
    reference: '+++123/4567/89002+++',
    iban: 'BE68 5390 0754 7034',
    bic: 'GKCCBEBB',
    link: 'https://pay.amicus.be/x7Kp2',
    qr: 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  },
  brand: {
    name: 'Fietsen Vermeulen',
    logoUrl: null,
    primaryColor: '#1f4e79',
    secondaryColor: '#e8eef5',
    senderName: 'Fietsen Vermeulen – klantendienst',
    replyEmail: 'betalingen@fietsenvermeulen.be',
    phone: '+32 3 123 45 68',
    iban: 'BE68 5390 0754 7034',
    website: 'https://www.fietsenvermeulen.be',
    footer: 'Fietsen Vermeulen BV – Meir 50, 2000 Antwerpen – BTW BE 0123.456.749',
    letterhead: null,
  },
  case: { reference: 'AMI-2025-000173' },
  today: '2025-01-06',
};
