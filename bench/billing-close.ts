/**
 * A month of billing: 1,000,000 payments across 500 clients in March 2026 — each received into
 * trust (or paid to the client directly, one in ten), allocated over costs, interest and one or
 * two claims, one in fifty overpaid, one in a hundred reversed — posted in the trust ledger of a
 * fresh database by each client's agreement (flat or tiered by claim amount, Belgian VAT or
 * reverse charge, a monthly minimum for some), then every client's March remitted through
 * billing's own use case (`RemittancesService.issueAll`: per client the unremitted transactions
 * loaded, the statement, the settlement posted, RemittanceIssued in the outbox) and one pain.001
 * payout file written for all the payouts (`payoutFile`). Clients are posted one after the
 * other (one COPY transaction each, `insertTransactions`), so memory stays flat.
 *
 * Checks: every transaction balances (the database's trigger, at each commit); per remittance
 * net + commission + fees + kept costs + VAT + refunds = collected and payout − invoiced = net;
 * in the end the trust bank equals the client payables + refunds + suspense, to the cent.
 *
 *   npm run bench -- billing-close        (PAYMENTS=1000000, CLIENTS=500 by default)
 *
 * Figures (2 cores shared with other engineers' work, tree at 2fa4526 + this file, 2026-12-01):
 *   - 1,000,000 payments across 500 clients: posting 1,919,407 transactions and 9,603,235
 *     entries in 374.3 s (2,672 payments/s; a 20,000-payment run goes at 5,400/s), the 500
 *     remittances in 173.3 s (0.35 s a client: its ~3,800 unremitted transactions loaded, the
 *     statement, the settlement, the items marked), the payout file (500 transfers, 0.25 MB)
 *     1.3 s: the month in 548.9 s — the target (under 300 s, with invoices) is missed; invoices
 *     (§4) are not built yet. Every check passed; peak RSS 466 MB. This process used 77 s of
 *     CPU (load average 8.8–9.6 on the 2 cores during the run): the rest is Postgres — per entry
 *     the deferred balance trigger's sum at commit and three indexes — and the other work on
 *     the machine. What would meet it: a statement-level
 *     balance check instead of the per-row trigger, remittances of many clients per transaction.
 *   - the domain alone (no database) posts the month in 9–11 s and remits it in 3–3.5 s.
 *   - invoices (§4, InvoicesService.issueAll after the remittances; 2026-12-01, load from other
 *     work on the machine): PAYMENTS=20000 CLIENTS=500 — 500 invoices in 56.2 s (0.11 s each:
 *     the Peppol validation of its UBL by both rule sets is most of it), numbers 1..500 without
 *     a gap, each invoice's lines = the commission and fees its remittance counted; that run's
 *     month 78.8 s. Not run at 1,000,000 payments: an invoice loads its client's ~3,800
 *     uninvoiced transactions as a remittance does (0.35 s a client there), so expect roughly
 *     +175 s on top of the 56 s — the month near 780 s, further from the target.
 */
import { performance } from 'node:perf_hooks';
import type { EntityManager } from 'typeorm';
import type { Identity } from '@amicus/auth';
import { Clock } from '@amicus/calendar';
import type { EventEnvelope } from '@amicus/events';
import { Outbox } from '@amicus/messaging';
import { freshServiceDatabase, type Messaging } from '@amicus/service-runtime';
import {
  type AgreementTermsInput,
  type AllocationFacts,
  type LedgerTransaction,
  AgreementsService,
  InvoicesService,
  RemittancesService,
  agreementInForce,
  allocationTransaction,
  billingSchema,
  insertTransactions,
  receivedTransaction,
  reversalOf,
} from '@amicus/billing';

const PAYMENTS = Number(process.env.PAYMENTS ?? 1_000_000);
const CLIENTS = Number(process.env.CLIENTS ?? 500);
const admin: Identity = { subject: 'bench', role: 'agency_admin', clientId: null, brandIds: [], email: null };

/** A small deterministic generator, so two runs post the same month. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function termsOf(i: number): AgreementTermsInput {
  return {
    currency: 'EUR',
    commission:
      i % 3 === 0
        ? {
            tieredBy: 'claim_amount',
            bands: [
              { from: '0', principalBp: 2000, interestBp: 2500, costsBp: 0 },
              { from: '100000', principalBp: 1200, interestBp: 2000, costsBp: 0 },
            ],
          }
        : { tieredBy: 'none', bands: [{ from: '0', principalBp: 1500, interestBp: 2000, costsBp: 5000 }] },
    fees: { caseOpened: '500', letter: '150', registeredLetter: '850', call: '300' },
    monthlyMinimumMinor: i % 5 === 0 ? '50000' : '0',
    collectionCostsKeptBy: i % 2 === 0 ? 'agency' : 'client',
    remittancePeriod: 'monthly',
    payoutIban: 'BE68539007547034',
    vat: i % 7 === 0 ? { kind: 'reverse_charge', country: 'NL', vatNumber: 'NL004495445B01' } : { kind: 'be_standard', vatNumber: null },
  };
}

/** One client's month: its payments posted as billing posts them. */
function clientMonth(
  clientId: string,
  agreement: Parameters<typeof allocationTransaction>[2],
  count: number,
  next: () => number,
): LedgerTransaction[] {
  const txs: LedgerTransaction[] = [];
  const cases = Array.from({ length: Math.max(1, Math.ceil(count / 5)) }, () => ({
    id: crypto.randomUUID(),
    a: crypto.randomUUID(),
    b: crypto.randomUUID(),
  }));
  for (let n = 0; n < count; n++) {
    const c = cases[n % cases.length]!;
    const principal = BigInt(1000 + Math.floor(next() * 200_000));
    const interest = BigInt(Math.floor(next() * 2_000));
    const costs = BigInt(Math.floor(next() * 4_000));
    const direct = next() < 0.1;
    const over = !direct && next() < 0.02 ? BigInt(Math.floor(next() * 5_000) + 1) : 0n;
    const split = next() < 0.3;
    const a: AllocationFacts = {
      principal: split
        ? [
            { claimId: c.a, amountMinor: principal / 2n },
            { claimId: c.b, amountMinor: principal - principal / 2n },
          ]
        : [{ claimId: c.a, amountMinor: principal }],
      interestMinor: interest,
      costsMinor: costs,
      unallocatedMinor: over,
    };
    const day = `2026-03-${String(1 + Math.floor(next() * 31)).padStart(2, '0')}`;
    const p = {
      paymentId: crypto.randomUUID(),
      caseId: c.id,
      clientId,
      amountMinor: principal + interest + costs + over,
      currency: 'EUR',
      receivedOn: day,
      direct,
    };
    const tiers = {
      claim: (id: string) => ({ ageAtPlacementDays: 90, principalMinor: id === c.a ? principal : principal / 2n }),
      case: null,
    };
    const posted = [receivedTransaction(p, `${p.paymentId}:r`), allocationTransaction(p, a, agreement, tiers, `${p.paymentId}:a`)].filter(
      (t): t is LedgerTransaction => t !== null,
    );
    txs.push(...posted);
    if (next() < 0.01) txs.push(...posted.map((t) => reversalOf(t, 'payment_reversed', `${t.key}:x`, 'bank return', '2026-03-31')));
  }
  return txs;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function main(): Promise<void> {
  const { ds, drop } = await freshServiceDatabase('bench_billing_close', billingSchema);
  try {
    const clock = new Clock('Europe/Brussels');
    const outbox = new Outbox('billing');
    const messaging = { publish: (m: EntityManager, e: EventEnvelope | EventEnvelope[]) => outbox.append(m, e) } as unknown as Messaging;
    const agreements = new AgreementsService(ds, clock);
    const remittances = new RemittancesService(
      ds,
      clock,
      messaging,
      { name: 'Amicus Incasso', iban: 'BE71096123456769', bic: 'GKCCBEBB' },
      { name: 'Amicus Incasso', colour: '#1f4e79' },
    );
    const next = random(20260301);
    const clients = Array.from({ length: CLIENTS }, () => crypto.randomUUID());
    for (const [i, clientId] of clients.entries()) {
      const draft = await agreements.createVersion(admin, clientId, { validFrom: '2026-01-01', terms: termsOf(i) });
      await agreements.approveVersion(admin, draft.id);
    }

    const perClient = Math.floor(PAYMENTS / CLIENTS);
    let transactions = 0;
    let entries = 0;
    let peakRss = 0;
    const t0 = performance.now();
    for (const clientId of clients) {
      const agreement = agreementInForce(await agreements.visibleAgreements(admin, clientId), '2026-03-01');
      const txs = clientMonth(clientId, agreement, perClient, next);
      await ds.transaction((m) => insertTransactions(m, txs));
      transactions += txs.length;
      entries += txs.reduce((s, t) => s + t.entries.length, 0);
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }
    const posted = performance.now() - t0;
    console.log(
      `posting: ${PAYMENTS.toLocaleString('en')} payments across ${CLIENTS} clients, ${transactions.toLocaleString('en')} transactions, ` +
        `${entries.toLocaleString('en')} entries in ${seconds(posted)} (${Math.round(PAYMENTS / (posted / 1000)).toLocaleString('en')} payments/s)`,
    );
    await ds.query(`ANALYZE billing.ledger_transactions; ANALYZE billing.ledger_entries`);

    const t1 = performance.now();
    const issued = await remittances.issueAll(admin, '2026-03-01', 'monthly');
    const remitted = performance.now() - t1;
    for (const r of issued) {
      const t = r.total;
      if (t.netMinor + t.commissionMinor + t.feesMinor + t.costsKeptMinor + t.vatMinor + t.refundsMinor !== t.collectedMinor)
        throw new Error(`${r.clientId}: the statement does not add up to what was collected`);
      if (r.payoutMinor - r.invoicedMinor !== t.netMinor) throw new Error(`${r.clientId}: payout − invoiced is not the net`);
    }
    const paidOut = issued.filter((r) => r.payoutMinor > 0n);
    console.log(
      `remittances: ${issued.length} clients in ${seconds(remitted)}; ${paidOut.length} paid out, ${issued.filter((r) => r.outcome === 'invoice').length} to invoice`,
    );

    const t2 = performance.now();
    const xml = await remittances.payoutFile(
      admin,
      paidOut.map((r) => r.id),
      clock.today(),
    );
    const filed = performance.now() - t2;
    console.log(`payout file: ${paidOut.length} credit transfers, ${(xml.length / 1e6).toFixed(2)} MB in ${seconds(filed)}`);

    // Every client's March invoiced (§4): its invoicing address, then the run — lines from the
    // ledger, the series numbered, each UBL checked against both Peppol rule sets before it is issued.
    const invoices = new InvoicesService(
      ds,
      clock,
      messaging,
      {
        name: 'Amicus Incasso BV',
        vatNumber: 'BE0765432146',
        enterpriseNumber: '0765432146',
        street: 'Wetstraat 16',
        postalCode: '1000',
        city: 'Brussel',
        countryCode: 'BE',
        email: 'billing@amicus.example',
        iban: 'BE68539007547034',
        bic: null,
      },
      { name: 'Amicus Incasso', colour: '#1f4e79' },
    );
    for (const [i, clientId] of clients.entries()) {
      const base = 1_000_000 + i;
      await invoices.setRecipient(admin, clientId, {
        name: `Client ${i}`,
        street: 'Meir 1',
        postalCode: '2000',
        city: 'Antwerpen',
        countryCode: 'BE',
        email: `client-${i}@bench.example`,
        endpointScheme: '0208',
        endpointId: String(base).padStart(8, '0') + String(97 - (base % 97)).padStart(2, '0'),
      });
    }
    const t3 = performance.now();
    const run = await invoices.issueAll(admin, '2026-03-01', 'monthly');
    const invoiced = performance.now() - t3;
    const byClient = new Map(issued.map((r) => [r.clientId, r]));
    for (const inv of run.issued) {
      const t = byClient.get(inv.clientId)!.total;
      if (inv.lineTotalMinor !== t.commissionMinor + t.feesMinor)
        throw new Error(`${inv.clientId}: the invoice's ${inv.lineTotalMinor} is not the commission and fees remitted`);
    }
    const numbers = run.issued.map((i) => Number(i.number.slice(-6))).sort((a, b) => a - b);
    if (numbers.some((n, i) => n !== i + 1)) throw new Error('the invoice numbers have a gap or a repeat');
    console.log(
      `invoices: ${run.issued.length} issued (${run.skipped.length} left out: ${[...new Set(run.skipped.map((s) => s.reason.replace(/[0-9a-f-]{36}/g, '…')))].join('; ') || 'none'}) ` +
        `in ${seconds(invoiced)}, each UBL valid by the Peppol rules; numbers 1..${numbers.length} without a gap`,
    );

    const [sums] = (await ds.query(
      `SELECT coalesce(sum(amount_minor) FILTER (WHERE account = 'trust_bank'), 0)::text AS trust,
              coalesce(sum(amount_minor) FILTER (WHERE account IN ('client_payable', 'refunds_owed', 'suspense')), 0)::text AS owed
         FROM billing.ledger_entries`,
    )) as { trust: string; owed: string }[];
    if (BigInt(sums!.trust) !== -BigInt(sums!.owed)) throw new Error(`the trust bank ${sums!.trust} is not what is owed ${sums!.owed}`);
    const total = posted + remitted + filed + invoiced;
    console.log(
      `the month: ${seconds(total)} (target under 300 s) — posting, remittances, the payout file and the invoices; all checks passed; ` +
        `trust bank ${sums!.trust} = what is owed; peak RSS ${Math.round(peakRss / 1e6)} MB`,
    );
  } finally {
    await drop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
