import { addDays } from '@amicus/calendar';
import { COHORTS, STORIES, demoCases, type DemoBrand } from './demo-cases';

const BRANDS: DemoBrand[] = ['bieren', 'brasserie', 'polder'];
const TODAY = '2026-12-01';

describe('the demo cases', () => {
  it('are the same on every run of a day, and move only their dates with the day', () => {
    const once = BRANDS.map((b) => demoCases(b, TODAY));
    expect(BRANDS.map((b) => demoCases(b, TODAY))).toEqual(once);
    const later = demoCases('polder', addDays(TODAY, 3));
    expect(later.map((c) => c.claims.map((cl) => [cl.invoiceNumber, cl.amount, cl.debtorName]))).toEqual(
      once[2]!.map((c) => c.claims.map((cl) => [cl.invoiceNumber, cl.amount, cl.debtorName])),
    );
    expect(later[0]!.claims[0]!.dueDate).toBe(addDays(once[2]![0]!.claims[0]!.dueDate, 3));
  });

  it('are 300 cases, each cohort as counted, each with a story', () => {
    const cases = BRANDS.flatMap((b) => demoCases(b, TODAY));
    expect(cases).toHaveLength(300);
    for (const cohort of COHORTS) {
      expect(cases.filter((c) => c.cohort.key === cohort.key)).toHaveLength(cohort.count);
      expect(STORIES[cohort.key]).toEqual(expect.any(String));
    }
  });

  it('keep every debtor apart by reference, e-mail and name with postcode, within a brand', () => {
    for (const brand of BRANDS) {
      const cases = demoCases(brand, TODAY);
      const first = cases.map((c) => c.claims[0]!);
      expect(new Set(cases.map((c) => c.reference)).size).toBe(cases.length);
      expect(new Set(first.map((c) => `${c.debtorName}|${c.postcode}`)).size).toBe(cases.length);
      const emails = first.flatMap((c) => (c.email ? [c.email] : []));
      expect(new Set(emails).size).toBe(emails.length);
    }
  });

  it('date what a placement accepts: issued before today, the client’s reminder before today and after the due date unless the cohort says before', () => {
    for (const c of BRANDS.flatMap((b) => demoCases(b, TODAY))) {
      for (const claim of c.claims) {
        expect(claim.issueDate < TODAY && claim.issueDate <= claim.dueDate).toBe(true);
        if (c.cohort.reminder === null) expect(claim.firstReminderSentOn).toBeUndefined();
        else if (c.cohort.reminder === 'before_due') expect(claim.firstReminderSentOn! < claim.dueDate).toBe(true);
        else expect(claim.firstReminderSentOn! > claim.dueDate && claim.firstReminderSentOn! < TODAY).toBe(true);
      }
      const overdue = c.claims.every((cl) => cl.dueDate < TODAY);
      expect(overdue).toBe(c.cohort.overdue[0] > 0);
    }
  });

  it('put the large business accounts, and only them, above the €2,500 of the segment zakelijk-groot', () => {
    const polder = demoCases('polder', TODAY).filter((c) => c.cohort.kind === 'business');
    const openCents = (c: (typeof polder)[number]) => c.claims.reduce((sum, cl) => sum + BigInt(cl.amount.replace('.', '')), 0n);
    for (const c of polder) expect(openCents(c) >= 250000n).toBe(c.cohort.key === 'nl-large-business');
  });
});
