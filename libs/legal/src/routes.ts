/**
 * The court routes a case escalated to legal can take, per jurisdiction and debtor kind, each
 * with its conditions, its amount limit and the legal source it comes from (legal-rules.md,
 * "Court escalation"). Pure: the debtor, the amount claimed and the facts in; the route that
 * fits (and why the others do not) out.
 *
 * Verification (#16 §2), against the texts and commentaries quoted in the sources below:
 *   - BE-R-1 art. 1394/20–1394/27 Judicial Code (inserted by the Law of 19 Oct 2015, "Potpourri I",
 *     in force 2 Jul 2016): uncontested, certain and due money debts between enterprises
 *     registered in the Crossroads Bank for Enterprises, whatever the amount; interest and
 *     penalty clauses claimed at most 10% of the principal; started by the creditor's lawyer;
 *     the bailiff's summons to pay gives one month (art. 1394/21); the record of
 *     non-contestation at the earliest 8 days after that month (art. 1394/24 §1). Not for
 *     public authorities, or a debtor in bankruptcy, judicial reorganisation or collective
 *     debt settlement. Verified.
 *   - BE-R-2 art. 590 Judicial Code: the justice of the peace hears claims up to €5,000 (Law of
 *     25 May 2018 art. 27, from 1 Sep 2018); the King may index the amount (art. 590 al. 3):
 *     whether an indexation has been published since is UNVERIFIED — check the amount in force.
 *     Verified: €5,000.
 *   - BE-R-3 above that limit: the court of first instance (art. 568 Judicial Code) — UNVERIFIED
 *     (the general competence of the court of first instance; not read in the text here).
 *   - NL-R-1 art. 93 sub a Rv: the kantonrechter hears claims up to €25,000 (since 1 Jul 2011);
 *     sub c: consumer credit and consumer purchase whatever the amount. Verified (through the
 *     commentaries of the 2011 change; the article's text itself not read here).
 *   - NL-R-2 above €25,000: the rechtbank with a lawyer (art. 79 Rv) — UNVERIFIED.
 *
 * Court language — Belgium: the language of the region the court sits in (Law of 15 June 1935 on
 * the use of languages in judicial matters), read from the debtor's postal code: Flanders nl,
 * Wallonia fr, the German-speaking cantons (47xx) de, Brussels (1000–1299) the debtor's own
 * language of nl/fr (**Choice**: the postal-code ranges are the usual approximation of the court
 * districts; UNVERIFIED per commune). The Netherlands: nl.
 */
import type { Country, DebtorKind } from './types';

export type RouteId = 'BE-R-1' | 'BE-R-2' | 'BE-R-3' | 'NL-R-1' | 'NL-R-2';
export type CourtLanguage = 'nl' | 'fr' | 'de';

export interface CourtRoute {
  id: RouteId;
  country: Country;
  debtorKinds: readonly DebtorKind[];
  /** What the route is, in words. */
  name: string;
  /** The court or officer that acts. */
  court: string;
  /** The largest claim (principal, minor units, EUR) the route takes; null = no limit. */
  limitMinor: bigint | null;
  /** The conditions the route asks, in words (what the dossier must show). */
  conditions: readonly string[];
  /** Where the route and its conditions are laid down; UNVERIFIED marks what was not checked in a text. */
  source: string;
}

export const COURT_ROUTES: readonly CourtRoute[] = [
  {
    id: 'BE-R-1',
    country: 'BE',
    debtorKinds: ['business'],
    name: 'summons to pay by the bailiff (recovery of uncontested money debts)',
    court: 'bailiff; the record of non-contestation declared enforceable by a magistrate of the Central Register',
    limitMinor: null,
    conditions: [
      'an uncontested money debt, certain and due on the day of the summons to pay',
      'creditor and debtor enterprises registered in the Crossroads Bank for Enterprises; not a public authority',
      'the debtor not in bankruptcy, judicial reorganisation or collective debt settlement',
      'interest and penalty clauses claimed at most 10% of the principal',
      'started by the creditor’s lawyer; the debtor has one month to pay, ask for time or contest',
    ],
    source:
      'Judicial Code art. 1394/20–1394/27 (Law of 19 Oct 2015, in force 2 Jul 2016): art. 1394/20 scope, 1394/21 summons and one month, 1394/24 record of non-contestation',
  },
  {
    id: 'BE-R-2',
    country: 'BE',
    debtorKinds: ['consumer', 'business'],
    name: 'summons before the justice of the peace',
    court: 'justice of the peace (vrederechter / juge de paix / Friedensrichter)',
    limitMinor: 500_000n,
    conditions: ['a claim of at most €5,000', 'served by a bailiff’s summons (art. 700 ff. Judicial Code)'],
    source:
      'Judicial Code art. 590 (limit €5,000 by the Law of 25 May 2018 art. 27, from 1 Sep 2018; indexation by Royal Decree since: UNVERIFIED)',
  },
  {
    id: 'BE-R-3',
    country: 'BE',
    debtorKinds: ['consumer', 'business'],
    name: 'summons before the court of first instance (or the enterprise court between enterprises)',
    court: 'court of first instance / enterprise court',
    limitMinor: null,
    conditions: ['a claim above the justice of the peace’s limit'],
    source: 'Judicial Code art. 568 (court of first instance), art. 573 (enterprise court) — UNVERIFIED',
  },
  {
    id: 'NL-R-1',
    country: 'NL',
    debtorKinds: ['consumer', 'business'],
    name: 'summons (dagvaarding) before the kantonrechter',
    court: 'rechtbank, sector kanton (kantonrechter)',
    limitMinor: 2_500_000n,
    conditions: [
      'a claim of at most €25,000 (consumer credit and consumer purchase: whatever the amount, art. 93 sub c Rv)',
      'no lawyer required',
    ],
    source: 'Wetboek van Burgerlijke Rechtsvordering art. 93 sub a (limit €25,000 since 1 Jul 2011) and sub c',
  },
  {
    id: 'NL-R-2',
    country: 'NL',
    debtorKinds: ['consumer', 'business'],
    name: 'summons (dagvaarding) before the rechtbank',
    court: 'rechtbank (civil sector), with a lawyer',
    limitMinor: null,
    conditions: ['a claim above €25,000 not of consumer credit or consumer purchase'],
    source: 'Wetboek van Burgerlijke Rechtsvordering art. 79 (lawyer required outside the kanton sector) — UNVERIFIED',
  },
];

export interface RouteFacts {
  country: Country | string;
  debtorKind: DebtorKind | string;
  /** The principal claimed, minor units (EUR): what the routes' limits are measured by. */
  principalMinor: bigint;
  /** A dispute open or answered by contesting: the debt is no longer uncontested (BE-R-1). */
  contested: boolean;
  /** A legal stop on the debtor (collective debt settlement, bankruptcy, Wsnp). */
  legalStop: boolean;
  /** NL: a consumer credit or consumer purchase claim (kantonrechter whatever the amount). */
  consumerSaleOrCredit?: boolean;
}

export interface RouteAnswer {
  /** The route that fits, or null (none: the reasons say why). */
  route: CourtRoute | null;
  /** Every route of the jurisdiction with why it fits or not, in order of preference. */
  considered: { id: RouteId; fits: boolean; reason: string }[];
}

const fmt = (minor: bigint) =>
  `€${(minor / 100n).toLocaleString('en-GB')}${minor % 100n ? `.${String(minor % 100n).padStart(2, '0')}` : ''}`;

/** The route a case takes: the first of its jurisdiction's routes, in order of preference, whose conditions hold. */
export function courtRoute(f: RouteFacts): RouteAnswer {
  if (f.principalMinor < 0n) throw new RangeError('principalMinor: must be 0 or more');
  const routes = COURT_ROUTES.filter((r) => r.country === f.country);
  const considered = routes.map((r) => ({ id: r.id, ...fits(r, f) }));
  const first = considered.find((c) => c.fits);
  return { route: first ? routes.find((r) => r.id === first.id)! : null, considered };
}

function fits(r: CourtRoute, f: RouteFacts): { fits: boolean; reason: string } {
  if (!r.debtorKinds.includes(f.debtorKind as DebtorKind)) return { fits: false, reason: `not for a ${f.debtorKind} debtor` };
  if (f.legalStop) return { fits: false, reason: 'a legal stop on the debtor suspends enforcement' };
  if (r.id === 'BE-R-1')
    return f.contested
      ? { fits: false, reason: 'the debt is contested: a court must decide' }
      : { fits: true, reason: 'an uncontested debt between enterprises' };
  if (r.id === 'NL-R-1' && f.consumerSaleOrCredit)
    return { fits: true, reason: 'consumer credit or consumer purchase: the kantonrechter whatever the amount' };
  if (r.limitMinor !== null && f.principalMinor > r.limitMinor)
    return { fits: false, reason: `${fmt(f.principalMinor)} is above the limit of ${fmt(r.limitMinor)}` };
  return { fits: true, reason: r.limitMinor !== null ? `${fmt(f.principalMinor)}, within ${fmt(r.limitMinor)}` : 'no amount limit' };
}

/** Belgian postal code ranges of the German-speaking cantons (Eupen, St. Vith): **Choice**, an approximation. */
const GERMAN = (pc: number) => pc >= 4700 && pc <= 4799;

/**
 * The language the court works in (Law of 15 June 1935): NL nl; BE by the region of the debtor's
 * postal code, Brussels the debtor's own nl/fr (fr when it is neither).
 */
export function courtLanguage(country: Country | string, postalCode: string | null, debtorLanguage: string | null): CourtLanguage {
  if (country !== 'BE') return 'nl';
  const pc = Number.parseInt((postalCode ?? '').replace(/\D/g, '').slice(0, 4), 10);
  const own = debtorLanguage === 'nl' || debtorLanguage === 'fr' || debtorLanguage === 'de' ? debtorLanguage : null;
  if (!Number.isFinite(pc)) return own ?? 'fr';
  if (pc >= 1000 && pc <= 1299) return own === 'nl' ? 'nl' : 'fr';
  if (GERMAN(pc)) return 'de';
  if ((pc >= 1300 && pc <= 1499) || (pc >= 4000 && pc <= 7999)) return 'fr';
  return 'nl';
}
