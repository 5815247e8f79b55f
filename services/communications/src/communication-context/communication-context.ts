/**
 * The Handlebars context of one communication (vocab.md), built from what communications knows
 * at the moment of sending: the debtor snapshot of the case, its claims, the client, the brand
 * look, the agency and the statement cases sent with the request. Pure: the clock, the payment
 * reference and the QR image come in. The context is stored with the evidence, so the court file
 * shows the debtor's data as it was when the communication left, not as it is today.
 */
import { addDays, calendarDateIn, daysBetween } from '@amicus/calendar';
import type { CommunicationRequestedV2 } from '@amicus/events';
import { chargesAllowedFrom, maxDamages } from '@amicus/legal';
import type { Money } from '@amicus/money';
import type { CaseClaim } from '../case-contacts/case-contact';
import { postalAddressOf } from '../case-contacts/case-contact';
import type { TemplateKind, TemplateLanguage } from '../templates/template-kinds';
import type { TemplateContext } from '../templates/template-variables';

export interface AgencyIdentity {
  name: string;
  enterpriseNumber: string;
  addressLines: string[];
  registrationNumber: string;
  supervisor: string;
  iban: string;
  bic: string;
}

/** The case's statement as cases sends it with a request (minor units as decimal strings). */
export type StatementAmounts = NonNullable<CommunicationRequestedV2['amounts']>;

export interface ContextInput {
  kind: TemplateKind;
  language: TemplateLanguage;
  now: Date;
  caseReference: string;
  debtor: {
    name: string;
    kind: 'consumer' | 'business';
    country: string;
    timeZone: string;
    addresses: { lines: string[]; postcode: string; city: string; country: string }[];
  };
  currency: string;
  claims: CaseClaim[];
  /** The statement cases sent with the request; null: the principal of the claims, nothing else. */
  amounts: StatementAmounts | null;
  client: { name: string; enterpriseNumber: string | null } | null;
  brand: {
    name: string;
    senderName: string;
    replyEmail: string | null;
    phone: string | null;
    iban: string | null;
    logoUrl: string | null;
    primaryColor: string;
    secondaryColor: string;
    website: string | null;
    footer: string | null;
    letterhead: string | null;
  };
  agency: AgencyIdentity;
  payment: { reference: string; link: string; qr: string };
}

const CAPACITY: Record<TemplateLanguage, string> = {
  nl: 'oorspronkelijke schuldeiser',
  fr: 'créancier originaire',
  de: 'ursprünglicher Gläubiger',
  en: 'original creditor',
};

const CONTEST_NOTICE: Record<TemplateLanguage, string> = {
  nl: 'U kunt binnen deze termijn betalen of de vordering betwisten.',
  fr: 'Vous pouvez, dans ce délai, payer ou contester la créance.',
  de: 'Sie können innerhalb dieser Frist zahlen oder die Forderung bestreiten.',
  en: 'Within this term you may pay or contest the claim.',
};

const CONSEQUENCES: Record<TemplateLanguage, string> = {
  nl: 'Zonder reactie binnen deze termijn kan de schuldeiser verdere invorderingsstappen zetten.',
  fr: "Sans réaction dans ce délai, le créancier peut entreprendre d'autres démarches de recouvrement.",
  de: 'Ohne Reaktion innerhalb dieser Frist kann der Gläubiger weitere Schritte zur Einziehung einleiten.',
  en: 'Without a reaction within this term, the creditor may take further collection steps.',
};

const LABELS: Record<TemplateLanguage, { principal: string; interest: string; damages: string; costs: string; paid: string }> = {
  nl: { principal: 'Hoofdsom', interest: 'Intresten', damages: 'Schadevergoeding', costs: 'Kosten', paid: 'Reeds betaald' },
  fr: { principal: 'Principal', interest: 'Intérêts', damages: 'Indemnité', costs: 'Frais', paid: 'Déjà payé' },
  de: { principal: 'Hauptsumme', interest: 'Zinsen', damages: 'Schadenersatz', costs: 'Kosten', paid: 'Bereits bezahlt' },
  en: { principal: 'Principal', interest: 'Interest', damages: 'Damages', costs: 'Costs', paid: 'Already paid' },
};

const EXPLANATION: Record<TemplateLanguage, string> = {
  nl: 'Volgens de afrekening van de schuldeiser',
  fr: 'Selon le décompte du créancier',
  de: 'Laut Abrechnung des Gläubigers',
  en: "As stated by the creditor's statement",
};

/** The account a debtor pays into, and in whose name: the brand's own, else the agency's third-party account (with its BIC). */
export interface PaymentAccount {
  beneficiary: string;
  iban: string;
  bic: string | null;
}

export function paymentAccountOf(brand: { name: string; iban: string | null }, agency: AgencyIdentity): PaymentAccount {
  const iban = brand.iban ?? agency.iban;
  return { beneficiary: iban === agency.iban ? agency.name : brand.name, iban, bic: brand.iban ? null : agency.bic };
}

/** BE and NL have rule packs; anyone else is treated under the agency's own (Belgian) law. */
export function jurisdictionOf(country: string): 'BE' | 'NL' {
  return country.toUpperCase() === 'NL' ? 'NL' : 'BE';
}

const money = (amountMinor: bigint | string, currency: string): Money => ({ amountMinor: BigInt(amountMinor), currency });

/**
 * A pre-due reminder names no charge: before the due date nothing is late, so nothing may be
 * charged and nothing is threatened. Whatever statement the request carried, the debtor reads
 * the principal less what was paid — on the page, in the QR code and on the payment slip.
 */
export function namesNoCharges(kind: TemplateKind): boolean {
  return kind === 'pre_due_reminder';
}

/** The statement with its interest, damages and costs left out: the principal less what was paid. */
export function principalOnly(a: StatementAmounts): StatementAmounts {
  const open = BigInt(a.principalMinor) - BigInt(a.paidMinor);
  return {
    principalMinor: a.principalMinor,
    interestMinor: '0',
    damagesMinor: '0',
    costsMinor: '0',
    paidMinor: a.paidMinor,
    totalMinor: String(open > 0n ? open : 0n),
    currency: a.currency,
  };
}

/** The first due date of the claims (a pre-due reminder's "pay by"), or null without claims. */
export function firstDueDate(claims: readonly Pick<CaseClaim, 'dueDate'>[]): string | null {
  return claims.reduce<string | null>((first, c) => (first === null || c.dueDate < first ? c.dueDate : first), null);
}

export function buildTemplateContext(input: ContextInput): TemplateContext {
  const { language, currency } = input;
  const today = calendarDateIn(input.now, input.debtor.timeZone);
  const principalFromClaims = input.claims.reduce((sum, c) => sum + BigInt(c.principalMinor), 0n);
  const requested = input.amounts ?? {
    principalMinor: String(principalFromClaims),
    interestMinor: '0',
    damagesMinor: '0',
    costsMinor: '0',
    paidMinor: '0',
    totalMinor: String(principalFromClaims),
    currency,
  };
  const free = namesNoCharges(input.kind);
  const a = free ? principalOnly(requested) : requested;
  const country = jurisdictionOf(input.debtor.country);
  // What the law allows to be charged if the term passes (BE-C-7 scale, NL BIK scale): the
  // debtor is told the most it can become, never more.
  const cap =
    currency === 'EUR' && !free
      ? maxDamages({ country, debtorKind: input.debtor.kind, outstanding: { amountMinor: BigInt(a.principalMinor), currency } })
      : null;
  const damagesIfUnpaid = cap?.allowed ? cap.max.amountMinor : 0n;
  const dueOn = free ? firstDueDate(input.claims) : null;
  const days = dueOn !== null ? Math.max(0, daysBetween(today, dueOn)) : input.kind === 'formal_notice' ? 15 : 14;
  const endDate =
    dueOn !== null
      ? dueOn
      : input.kind === 'first_reminder'
        ? chargesAllowedFrom({ country, sentAt: input.now.toISOString(), channel: 'letter', timeZone: input.debtor.timeZone }).termEnd
        : addDays(today, days);
  const l = LABELS[language];
  const breakdown = (
    [
      [l.principal, a.principalMinor],
      [l.interest, a.interestMinor],
      [l.damages, a.damagesMinor],
      [l.costs, a.costsMinor],
      [l.paid, a.paidMinor],
    ] as const
  )
    .filter(([label, amount]) => label === l.principal || BigInt(amount) !== 0n)
    .map(([label, amount]) => ({ label, amount: money(amount, a.currency), explanation: EXPLANATION[language] }));
  const address = postalAddressOf({
    debtorName: input.debtor.name,
    emails: [],
    phones: [],
    addresses: input.debtor.addresses,
    preferredChannel: null,
  });
  const brand = input.brand;
  const account = paymentAccountOf(brand, input.agency);
  return {
    debtor: { name: input.debtor.name, addressLines: address?.lines ?? [], language, kind: input.debtor.kind },
    creditor: {
      name: input.client?.name ?? brand.name,
      enterpriseNumber: input.client?.enterpriseNumber ?? '',
      addressLines: [],
      phone: brand.phone ?? '',
      email: brand.replyEmail ?? '',
      capacity: CAPACITY[language],
    },
    agency: {
      name: input.agency.name,
      enterpriseNumber: input.agency.enterpriseNumber,
      addressLines: input.agency.addressLines,
      registrationNumber: input.agency.registrationNumber,
      supervisor: input.agency.supervisor,
    },
    claims: input.claims.map((c) => ({
      number: c.number,
      issueDate: c.issueDate,
      dueDate: c.dueDate,
      description: c.description ?? '',
      principal: money(c.principalMinor, c.currency),
    })),
    amounts: {
      principal: money(a.principalMinor, a.currency),
      interest: money(a.interestMinor, a.currency),
      damages: money(a.damagesMinor, a.currency),
      costs: money(a.costsMinor, a.currency),
      paid: money(a.paidMinor, a.currency),
      total: money(a.totalMinor, a.currency),
      damagesIfUnpaid: money(damagesIfUnpaid, a.currency),
      breakdown,
    },
    term: { days, endDate, contestNotice: CONTEST_NOTICE[language], consequences: CONSEQUENCES[language] },
    payment: {
      reference: input.payment.reference,
      iban: account.iban,
      bic: account.bic,
      link: input.payment.link,
      qr: input.payment.qr,
    },
    brand: {
      name: brand.name,
      logoUrl: brand.logoUrl,
      primaryColor: brand.primaryColor,
      secondaryColor: brand.secondaryColor,
      senderName: brand.senderName,
      replyEmail: brand.replyEmail ?? '',
      phone: brand.phone ?? '',
      iban: account.iban,
      website: brand.website ?? '',
      footer: brand.footer ?? '',
      letterhead: brand.letterhead,
    },
    case: { reference: input.caseReference },
    today,
  };
}

/** The reference printed on everything about the case: `AMI-000173`. */
export function caseReferenceOf(caseNumber: string | number | bigint): string {
  return `AMI-${String(caseNumber).padStart(6, '0')}`;
}

/** Contexts go into JSON (evidence, previews): amounts as decimal strings. */
export function contextAsJson(context: TemplateContext): unknown {
  return JSON.parse(JSON.stringify(context, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value)));
}
