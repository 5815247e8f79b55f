import fc from 'fast-check';
import { applyPlan, emptyKnowledge, openCaseKey, planPlacement, type PlacementKnowledge, type PlanInput } from './placement-plan';
import type { PlacementRow } from './row-validation';

function ids(): PlanInput['newId'] {
  let next = 0;
  return (kind) => `${kind}-${++next}`;
}

function row(
  line: number,
  invoiceNumber: string,
  debtor: Partial<PlacementRow['debtor']> & { name: string },
  amountMinor = 10000n,
  postcode = '9000',
): PlacementRow {
  return {
    line,
    debtor: { kind: 'consumer', address: { country: 'BE', postcode }, ...debtor },
    claim: {
      invoiceNumber,
      issueDate: '2024-01-01',
      dueDate: '2024-01-31',
      principal: { amountMinor, currency: 'EUR' },
      interestClause: false,
      damagesClause: false,
    },
  };
}

const plan = (rows: PlacementRow[], known: PlacementKnowledge = emptyKnowledge(), rejectedRows = 0) =>
  planPlacement({ clientId: 'client-1', brandId: 'brand-1', rows, rejectedRows, known, newId: ids() });

describe('planPlacement', () => {
  it('groups the claims of one debtor in a batch into one new case', () => {
    const result = plan([
      row(2, 'F1', { name: 'Café De Zwaan BV', clientReference: 'D1' }),
      row(3, 'F2', { name: 'Cafe de Zwaan', clientReference: 'D1' }),
      row(4, 'F3', { name: 'Jan Peeters', email: 'jan@x.be' }),
    ]);
    expect(result.newDebtors).toHaveLength(2);
    expect(result.newCases).toHaveLength(2);
    expect(result.newClaims.map((c) => c.caseId)).toEqual(['case-2', 'case-2', 'case-6']);
    expect(result.summary).toMatchObject({ rowsRead: 3, imported: 3, casesOpened: 2, casesExtended: 0, debtorsCreated: 2 });
  });

  it('matches a debtor through a weaker key when a stronger one differs, and records the new key', () => {
    const result = plan([
      row(2, 'F1', { name: 'Jan Peeters', email: 'jan@x.be' }),
      row(3, 'F2', { name: 'J. Peeters', email: 'JAN@x.be', clientReference: 'D7' }),
    ]);
    expect(result.newDebtors).toHaveLength(1);
    expect(result.newDebtors[0]?.keys).toEqual(['email:jan@x.be', 'namepc:jan peeters|9000', 'ref:D7', 'namepc:j peeters|9000']);
  });

  it('extends the open case of a known debtor and adds its new keys', () => {
    const known: PlacementKnowledge = {
      claims: new Map(),
      debtors: new Map([['vat:BE0403170701', 'debtor-known']]),
      openCases: new Map([[openCaseKey('brand-1', 'debtor-known', 'EUR'), 'case-known']]),
    };
    const result = plan([row(2, 'F9', { name: 'De Zwaan', vatNumber: 'BE0403170701', email: 'boek@zwaan.be', kind: 'business' })], known);
    expect(result.rows).toEqual([
      {
        line: 2,
        decision: 'new_claim',
        claimId: 'claim-1',
        caseId: 'case-known',
        debtorId: 'debtor-known',
        debtorIsNew: false,
        caseIsNew: false,
      },
    ]);
    expect(result.debtorKeysAdded).toEqual([
      { debtorId: 'debtor-known', key: 'email:boek@zwaan.be' },
      { debtorId: 'debtor-known', key: 'namepc:de zwaan|9000' },
    ]);
    expect(result.summary).toMatchObject({ casesOpened: 0, casesExtended: 1, debtorsMatched: 1, debtorsCreated: 0 });
  });

  it('opens a separate case for the same debtor in another currency: a balance is never a sum of two currencies', () => {
    const eur = row(2, 'F1', { name: 'Jan', clientReference: 'D1' });
    const usd = row(3, 'F2', { name: 'Jan', clientReference: 'D1' });
    const result = plan([eur, { ...usd, claim: { ...usd.claim, principal: { amountMinor: 5000n, currency: 'USD' } } }]);
    expect(result.newDebtors).toHaveLength(1);
    expect(result.newCases.map((c) => c.currency)).toEqual(['EUR', 'USD']);
    expect(new Set(result.rows.map((r) => (r.decision === 'new_claim' ? r.caseId : null))).size).toBe(2);
  });

  it('opens a separate case for the same debtor under another brand', () => {
    const rows = [
      row(2, 'F1', { name: 'Jan', clientReference: 'D1' }),
      { ...row(3, 'F2', { name: 'Jan', clientReference: 'D1' }), brand: 'other' },
    ];
    const result = planPlacement({
      clientId: 'client-1',
      brandId: 'brand-1',
      rows,
      rejectedRows: 0,
      known: emptyKnowledge(),
      newId: ids(),
      brandOf: (r) => (r.brand === 'other' ? 'brand-2' : 'brand-1'),
    });
    expect(result.newCases.map((c) => [c.brandId, c.debtorId])).toEqual([
      ['brand-1', 'debtor-1'],
      ['brand-2', 'debtor-1'],
    ]);
  });

  it('skips an unchanged known invoice and reports a changed amount without applying it', () => {
    const known: PlacementKnowledge = {
      ...emptyKnowledge(),
      claims: new Map([
        ['F1', { claimId: 'claim-a', caseId: 'case-a', principal: { amountMinor: 10000n, currency: 'EUR' } }],
        ['F2', { claimId: 'claim-b', caseId: 'case-a', principal: { amountMinor: 10000n, currency: 'EUR' } }],
      ]),
    };
    const result = plan([row(2, 'F1', { name: 'Jan' }), row(3, 'F2', { name: 'Jan' }, 12000n)], known, 4);
    expect(result.rows).toEqual([
      { line: 2, decision: 'duplicate', invoiceNumber: 'F1', claimId: 'claim-a' },
      {
        line: 3,
        decision: 'changed_amount',
        invoiceNumber: 'F2',
        claimId: 'claim-b',
        known: { amountMinor: 10000n, currency: 'EUR' },
        placed: { amountMinor: 12000n, currency: 'EUR' },
      },
    ]);
    expect(result.newClaims).toEqual([]);
    expect(result.summary).toEqual({
      rowsRead: 6,
      imported: 0,
      rejected: 4,
      casesOpened: 0,
      casesExtended: 0,
      duplicates: 1,
      conflicts: 1,
      debtorsCreated: 0,
      debtorsMatched: 0,
    });
  });

  it('treats an invoice repeated within the batch like a known one', () => {
    const result = plan([row(2, 'F1', { name: 'Jan' }), row(3, 'F1', { name: 'Jan' }), row(4, 'F1', { name: 'Jan' }, 5n)]);
    expect(result.rows.map((r) => r.decision)).toEqual(['new_claim', 'duplicate', 'changed_amount']);
  });
});

describe('planPlacement properties', () => {
  const debtorArb = fc.record({
    name: fc.constantFrom('Jan Peeters', 'Café De Zwaan BV', 'Cafe de Zwaan', 'Müller GmbH', 'An Janssens'),
    clientReference: fc.option(fc.constantFrom('D1', 'D2', 'D3'), { nil: undefined }),
    email: fc.option(fc.constantFrom('jan@x.be', 'info@zwaan.be', 'an@y.be'), { nil: undefined }),
    vatNumber: fc.option(fc.constantFrom('BE0403170701', 'DE136695976'), { nil: undefined }),
  });
  const rowsArb = fc.array(
    fc.record({
      invoice: fc.constantFrom('F1', 'F2', 'F3', 'F4', 'F5', 'F6', 'F7', 'F8'),
      debtor: debtorArb,
      amount: fc.bigInt({ min: 1n, max: 3n }),
      postcode: fc.constantFrom('9000', '2000'),
      brand: fc.constantFrom('brand-1', 'brand-2'),
    }),
    { maxLength: 25 },
  );
  const toRows = (generated: { invoice: string; debtor: { name: string }; amount: bigint; postcode: string; brand: string }[]) =>
    generated.map((g, i) => {
      const debtor = Object.fromEntries(Object.entries(g.debtor).filter(([, v]) => v !== undefined)) as { name: string };
      return { ...row(i + 2, g.invoice, debtor, g.amount, g.postcode), brand: g.brand };
    });
  const planWithBrands = (rows: PlacementRow[], known: PlacementKnowledge, newId: PlanInput['newId']) =>
    planPlacement({ clientId: 'c', brandId: 'brand-1', rows, rejectedRows: 0, known, newId, brandOf: (r) => r.brand ?? 'brand-1' });

  it('re-planning the same rows against the result of the first plan creates nothing new', () => {
    fc.assert(
      fc.property(rowsArb, (generated) => {
        const rows = toRows(generated);
        const newId = ids();
        const first = planWithBrands(rows, emptyKnowledge(), newId);
        const second = planWithBrands(rows, applyPlan(emptyKnowledge(), first), newId);
        expect(second.newClaims).toEqual([]);
        expect(second.newCases).toEqual([]);
        expect(second.newDebtors).toEqual([]);
        expect(second.summary.imported + second.summary.casesOpened + second.summary.debtorsCreated).toBe(0);
        expect(second.summary.duplicates + second.summary.conflicts).toBe(rows.length);
      }),
    );
  });

  it('accounts for every row once and puts the claims of one debtor and brand in one case', () => {
    fc.assert(
      fc.property(rowsArb, (generated) => {
        const rows = toRows(generated);
        const result = planWithBrands(rows, emptyKnowledge(), ids());
        const { imported, duplicates, conflicts } = result.summary;
        expect(imported + duplicates + conflicts).toBe(rows.length);
        const caseOf = new Map<string, string>();
        for (const planned of result.rows) {
          if (planned.decision !== 'new_claim') continue;
          const source = rows.find((r) => r.line === planned.line)!;
          const key = openCaseKey(source.brand as string, planned.debtorId, source.claim.principal.currency);
          expect(caseOf.get(key) ?? planned.caseId).toBe(planned.caseId);
          caseOf.set(key, planned.caseId);
        }
        expect(result.newCases).toHaveLength(caseOf.size);
        expect(new Set(result.newClaims.map((c) => c.claim.invoiceNumber)).size).toBe(result.newClaims.length);
      }),
    );
  });
});
