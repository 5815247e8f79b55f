/**
 * The demo's cases: cohorts of claims per brand, generated from fixed seeds (a small PRNG, the
 * same names, amounts and offsets on every run; only the dates move with the day the demo is
 * loaded). Every case is placed on the day of loading — placements carry the service's clock —
 * so what differs between cases is what a client's file really carries: how long ago the claim
 * fell due (or that it is not due yet), whether the client's own free reminder went out and
 * when, the debtor's country, kind and contact details, the amount. Each cohort is made so that
 * the scheduler's first pass does one thing with it, told in `firstPass`.
 */
import { addDays, type CalendarDate } from '@amicus/calendar';
import { formatAmount, money } from '@amicus/money';

export type DemoBrand = 'bieren' | 'brasserie' | 'polder';
type Country = 'BE' | 'NL' | 'DE' | 'FR';
type Kind = 'consumer' | 'business';

/** One claim as `placeClaims` takes it (PlacedClaimInput). */
export interface DemoClaim {
  clientDebtorReference: string;
  debtorName: string;
  debtorKind: Kind;
  email?: string;
  phone?: string;
  addressLine1?: string;
  postcode?: string;
  city?: string;
  country: Country;
  language: string;
  invoiceNumber: string;
  issueDate: CalendarDate;
  dueDate: CalendarDate;
  amount: string;
  currency: 'EUR';
  description: string;
  interestClause: boolean;
  damagesClause: boolean;
  firstReminderSentOn?: CalendarDate;
}

/** What the loader does to a case once placed: a hold, a recall by the client. */
export type Aftercare = 'hold' | 'recall';

/** What the first pass does with a cohort's cases. */
/** `waiting`: the journey waits for its first step's day (a pre-due reminder before the due date). */
export type FirstPass = 'requested' | 'refused' | 'waiting' | 'call_task' | 'review' | 'paused' | 'stopped';

export interface Cohort {
  key: string;
  brand: DemoBrand;
  count: number;
  kind: Kind;
  country: Country;
  /** Days since the (newest) due date, [min, max]; negative: not due yet. */
  overdue: [number, number];
  /** The client's own first reminder: sent at least this many days ago (and after the due date), or before the due date. */
  reminder: number | 'before_due' | null;
  /** Euro per claim, [min, max]. */
  amount: [number, number];
  /** Claims per case, at most (older ones, a month apart). */
  maxClaims: number;
  firstPass: FirstPass;
}

/** The demo, cohort by cohort: 300 cases. The loader's summary and the whole-system test count on these. */
export const COHORTS: readonly Cohort[] = [
  // Brouwerij De Demo sends its own free reminder before it places: its agreed scenario starts with the agency's formal notice.
  c('bieren', 'be-reminded', 58, 'BE consumer', [35, 100], 21, [25, 480], 3, 'requested'),
  c('bieren', 'be-held', 3, 'BE consumer', [40, 60], 21, [60, 200], 1, 'paused'),
  c('bieren', 'be-recalled', 2, 'BE consumer', [40, 60], 21, [60, 200], 1, 'stopped'),
  c('bieren', 'be-early-reminder', 4, 'BE consumer', [20, 40], 'before_due', [40, 300], 1, 'review'),
  c('bieren', 'be-cafes', 25, 'BE business', [20, 120], 10, [300, 2400], 3, 'requested'),
  c('bieren', 'nl-reminded', 5, 'NL consumer', [30, 80], 16, [30, 250], 1, 'requested'),
  c('bieren', 'nl-cafes', 3, 'NL business', [25, 90], 10, [400, 2000], 2, 'requested'),
  c('brasserie', 'be-reminded-fr', 30, 'BE consumer', [15, 45], 4, [20, 350], 2, 'requested'),
  c('brasserie', 'be-brasseries', 17, 'BE business', [20, 90], 10, [250, 2200], 2, 'requested'),
  c('brasserie', 'fr-consumers', 3, 'FR consumer', [30, 60], 14, [40, 160], 1, 'review'),
  // Polder Telecom is newly onboarded: its cases follow the agency's defaults; its large business accounts its own call-first scenario.
  c('polder', 'nl-overdue', 60, 'NL consumer', [5, 60], null, [15, 140], 2, 'requested'),
  c('polder', 'nl-not-due', 25, 'NL consumer', [-25, -2], null, [15, 90], 1, 'refused'),
  c('polder', 'be-overdue', 18, 'BE consumer', [5, 50], null, [20, 160], 1, 'requested'),
  c('polder', 'be-not-due', 10, 'BE consumer', [-20, -6], null, [20, 90], 1, 'waiting'),
  c('polder', 'nl-small-business', 12, 'NL business', [10, 70], null, [80, 1800], 1, 'requested'),
  c('polder', 'be-small-business', 6, 'BE business', [10, 70], null, [80, 1800], 1, 'requested'),
  c('polder', 'nl-large-business', 12, 'NL business', [15, 75], null, [2600, 9000], 2, 'call_task'),
  c('polder', 'de-consumers', 7, 'DE consumer', [10, 40], null, [25, 120], 1, 'review'),
];

/** What the first pass does with each cohort, for the loader's summary. */
export const STORIES: Readonly<Record<string, string>> = {
  'be-reminded': 'the brewery’s free reminder 3+ weeks ago: the agency’s formal notice now, with the damages the law allows',
  'be-held': 'on hold: the debtor asked for two weeks',
  'be-recalled': 'recalled by the brewery: paid it directly',
  'be-early-reminder': 'the brewery’s reminder went out before the due date (BE-C-8): an agent reviews',
  'be-cafes': 'cafés: the formal notice now',
  'nl-reminded': 'the brewery’s 14-day letter is behind them: the formal notice now',
  'nl-cafes': 'Dutch cafés: the formal notice now',
  'be-reminded-fr': 'reminded 4+ days ago: the formal notice now, damages only once the 14-day term has run',
  'be-brasseries': 'brasseries: the formal notice now',
  'fr-consumers': 'debtors in France: no rule pack, an agent reviews',
  'nl-overdue': 'the 14-day letter (NL-C-1) now',
  'nl-not-due': 'placed before the due date: the 14-day letter waits for it (NL-C-1), refusal recorded',
  'be-overdue': 'the free first reminder (BE-C-1) now',
  'be-not-due': 'due in 6 to 20 days: the friendly pre-due reminder 5 days before the due date, the free first reminder once late',
  'nl-small-business': 'a business reminder now',
  'be-small-business': 'a business reminder now',
  'nl-large-business': 'large accounts (segment zakelijk-groot), phoned first: a call task for the agent',
  'de-consumers': 'roaming customers in Germany: no scenario for their country, an agent reviews',
};

function c(
  brand: DemoBrand,
  key: string,
  count: number,
  debtor: `${Country} ${Kind}`,
  overdue: [number, number],
  reminder: number | 'before_due' | null,
  amount: [number, number],
  maxClaims: number,
  firstPass: FirstPass,
): Cohort {
  const [country, kind] = debtor.split(' ') as [Country, Kind];
  return { key, brand, count, kind, country, overdue, reminder, amount, maxClaims, firstPass };
}

export interface DemoCase {
  reference: string;
  cohort: Cohort;
  claims: DemoClaim[];
  aftercare: Aftercare | null;
}

const AFTERCARE: Partial<Record<FirstPass, Aftercare>> = { paused: 'hold', stopped: 'recall' };

/** Every demo case of a brand, as of `today` (the agency's calendar day of loading). */
export function demoCases(brand: DemoBrand, today: CalendarDate): DemoCase[] {
  const taken = new Set<string>();
  const cases: DemoCase[] = [];
  let n = 0;
  for (const cohort of COHORTS.filter((x) => x.brand === brand)) {
    const rand = prng(seedOf(cohort.key));
    for (let i = 0; i < cohort.count; i++) {
      n++;
      const reference = `${PREFIX[brand]}-D${String(n).padStart(4, '0')}`;
      const debtor = debtorOf(cohort, rand, taken, reference, n);
      const overdue = between(rand, cohort.overdue);
      const claims = Array.from({ length: between(rand, [1, cohort.maxClaims]) }, (_, j) => {
        const due = addDays(today, -(overdue + 30 * j));
        const cents = BigInt(between(rand, [cohort.amount[0] * 100, cohort.amount[1] * 100]));
        return {
          ...debtor,
          clientDebtorReference: reference,
          invoiceNumber: `${PREFIX[brand]}-${String(n * 10 + j).padStart(6, '0')}`,
          issueDate: minDay(addDays(due, cohort.kind === 'business' ? -30 : -14), addDays(today, -1)),
          dueDate: due,
          amount: formatAmount(money(cents, 'EUR')),
          currency: 'EUR' as const,
          description: DESCRIPTION[brand][cohort.kind],
          interestClause: brand !== 'polder' || cohort.kind === 'business',
          damagesClause: brand !== 'polder' || cohort.kind === 'business',
          ...reminderOf(cohort, overdue, today, rand),
        };
      });
      cases.push({ reference, cohort, claims, aftercare: AFTERCARE[cohort.firstPass] ?? null });
    }
  }
  return cases;
}

const PREFIX: Record<DemoBrand, string> = { bieren: 'DDB', brasserie: 'BRD', polder: 'PM' };

const DESCRIPTION: Record<DemoBrand, Record<Kind, string>> = {
  bieren: { consumer: 'Webshop: bierpakket', business: 'Levering vaten en kratten' },
  brasserie: { consumer: 'Boutique en ligne : coffret dégustation', business: 'Livraison fûts et casiers' },
  polder: { consumer: 'Mobiel abonnement', business: 'Zakelijk abonnement en toestellen' },
};

/** The client's reminder: at least `reminder` days ago and after the due date; or a few days before the due date. */
function reminderOf(cohort: Cohort, overdue: number, today: CalendarDate, rand: () => number): { firstReminderSentOn?: CalendarDate } {
  if (cohort.reminder === null) return {};
  if (cohort.reminder === 'before_due') return { firstReminderSentOn: addDays(today, -(overdue + between(rand, [2, 6]))) };
  const daysAgo = between(rand, [cohort.reminder, Math.max(cohort.reminder, overdue - 2)]);
  return { firstReminderSentOn: addDays(today, -daysAgo) };
}

type DebtorFields = Pick<
  DemoClaim,
  'debtorName' | 'debtorKind' | 'email' | 'phone' | 'addressLine1' | 'postcode' | 'city' | 'country' | 'language'
>;

/**
 * A debtor of its cohort's country (and, in Belgium, of its language's region); contacts mixed:
 * e-mail with an address and a phone, phone only (SMS), address only (the letter). Names are
 * unique per brand with their postcode and e-mails carry the reference, so the placement's
 * debtor matching (reference, e-mail, name with postcode) keeps every debtor apart.
 */
function debtorOf(cohort: Cohort, rand: () => number, taken: Set<string>, reference: string, n: number): DebtorFields {
  const language = languageOf(cohort, rand);
  const place = cohort.country === 'BE' ? (language === 'fr' ? WALLONIA : FLANDERS) : PLACES[cohort.country];
  for (let attempt = 0; attempt < 1000; attempt++) {
    const [postcode, city] = pick(rand, place.cities);
    const first = pick(rand, place.first);
    const last = pick(rand, place.last);
    const name = cohort.kind === 'consumer' ? `${first} ${last}` : pick(rand, place.business).replace('{last}', last);
    if (taken.has(`${name}|${postcode}`)) continue;
    taken.add(`${name}|${postcode}`);
    const contact = cohort.kind === 'business' || cohort.firstPass === 'call_task' ? 0 : n % 10;
    const address = { addressLine1: `${pick(rand, place.streets)} ${between(rand, [1, 180])}`, postcode, city };
    const email = `${slug(name)}.${reference.toLowerCase()}@example.${cohort.country === 'BE' ? 'com' : 'org'}`;
    const phone = `${place.mobile}${String(between(rand, [0, 10 ** place.digits - 1])).padStart(place.digits, '0')}`;
    const base = { debtorName: name, debtorKind: cohort.kind, country: cohort.country, language };
    // 6 in 10 by e-mail (with an address and a phone), 1 in 10 by phone only (SMS), 3 in 10 by letter only.
    if (contact < 6) return { ...base, ...address, email, phone };
    if (contact === 6) return { ...base, phone };
    return { ...base, ...address };
  }
  throw new Error(`demo cohort ${cohort.key}: not enough distinct names`);
}

function languageOf(cohort: Cohort, rand: () => number): string {
  if (cohort.country === 'NL') return 'nl';
  if (cohort.country === 'DE') return 'en';
  if (cohort.country === 'FR' || cohort.brand === 'brasserie') return 'fr';
  return rand() < 0.8 ? 'nl' : 'fr';
}

const slug = (name: string) =>
  name
    .normalize('NFD')
    .replace(/[^A-Za-z ]/g, '')
    .trim()
    .toLowerCase()
    .replace(/\s+/g, '.');

interface Place {
  first: string[];
  last: string[];
  business: string[];
  streets: string[];
  cities: [string, string][];
  /** E.164 mobile prefix and the digits after it. */
  mobile: string;
  digits: number;
}

const BELGIAN_FIRST = 'Jan|Els|Pieter|An|Koen|Sofie|Marie|Luc|Isabelle|Tom|Lotte|Julien|Nathalie|Wout|Camille|Bart';
const BELGIAN_LAST =
  'Peeters|Janssens|Maes|Jacobs|Mertens|Willems|Dubois|Lambert|Dupont|Claes|Goossens|Renard|Wouters|Leclercq|Hermans|Piron';

const FLANDERS = place(
  BELGIAN_FIRST,
  BELGIAN_LAST,
  'Café De Zwaan|Café ’t Hoekske|Taverne De Kroon|Café {last}|Bistro {last}|Feestzaal {last}|Frituur {last}',
  'Kerkstraat|Stationsstraat|Dorpsstraat|Grote Markt|Nieuwstraat|Molenstraat',
  '9000:Gent|2000:Antwerpen|3000:Leuven|8000:Brugge|3500:Hasselt|2800:Mechelen',
  ['+32475', 6],
);

const WALLONIA = place(
  BELGIAN_FIRST,
  BELGIAN_LAST,
  'Brasserie du Parc|Café des Amis|Le Relais|Brasserie {last}|Taverne {last}|Chez {last}|Friterie {last}',
  'Rue de la Gare|Rue du Marché|Chaussée de Liège|Rue Haute|Place Saint-Lambert|Avenue Louise',
  '4000:Liège|5000:Namur|1000:Bruxelles|7000:Mons|6000:Charleroi|1300:Wavre',
  ['+32476', 6],
);

const PLACES: Record<Exclude<Country, 'BE'>, Place> = {
  NL: place(
    'Daan|Emma|Sem|Julia|Lucas|Sanne|Bram|Lisa|Thijs|Fleur|Ruben|Anouk|Jesse|Iris|Niels|Maaike',
    'de Jong|Jansen|de Vries|van den Berg|van Dijk|Bakker|Visser|Smit|Meijer|de Boer|Mulder|de Groot|Bos|Vos|Peters|Hendriks',
    '{last} Installatietechniek B.V.|{last} Transport B.V.|Bouwbedrijf {last}|Eetcafé {last}|{last} Advies B.V.|Autoservice {last}',
    'Hoofdstraat|Kerkstraat|Schoolstraat|Molenweg|Dorpsstraat|Julianalaan|Stationsweg|Beatrixstraat',
    '1011 AB:Amsterdam|3011 AD:Rotterdam|3511 AX:Utrecht|5611 AZ:Eindhoven|9711 LM:Groningen|2511 BT:Den Haag',
    ['+3161', 7],
  ),
  DE: place(
    'Lukas|Anna|Felix|Lea|Jonas|Mia|Paul|Lena',
    'Schmidt|Müller|Schneider|Fischer|Weber|Wagner|Becker|Hoffmann',
    '{last} GmbH',
    'Hauptstraße|Bahnhofstraße|Schulstraße|Gartenstraße',
    '52062:Aachen|40213:Düsseldorf|50667:Köln',
    ['+49151', 8],
  ),
  FR: place(
    'Thomas|Chloé|Hugo|Manon|Louis|Inès',
    'Lefebvre|Moreau|Girard|Roux|Fournier|Morel',
    '{last} SARL',
    'Rue Nationale|Rue de Paris|Boulevard de la Liberté',
    '59000:Lille|59200:Tourcoing|59100:Roubaix',
    ['+336', 8],
  ),
};

function place(first: string, last: string, business: string, streets: string, cities: string, [mobile, digits]: [string, number]): Place {
  const list = (text: string) => text.split('|');
  const city = (entry: string) => entry.split(':') as [string, string];
  return {
    first: list(first),
    last: list(last),
    business: list(business),
    streets: list(streets),
    cities: list(cities).map(city),
    mobile,
    digits,
  };
}

/** mulberry32: a small PRNG, seeded, the same sequence on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function seedOf(text: string): number {
  let h = 2166136261;
  for (const ch of text) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return h >>> 0;
}

const between = (rand: () => number, [min, max]: [number, number]) => min + Math.floor(rand() * (max - min + 1));
const pick = <T>(rand: () => number, items: readonly T[]): T => items[Math.floor(rand() * items.length)];
const minDay = (a: CalendarDate, b: CalendarDate) => (a <= b ? a : b);
