/**
 * A month of billing: 1,000,000 payments across 500 clients in March 2026 — each received into
 * trust (or paid to the client directly, one in ten), allocated over costs, interest and one or
 * two claims, one in fifty overpaid, one in a hundred reversed — posted in the trust ledger by
 * each client's agreement (flat or tiered by claim amount, Belgian VAT or reverse charge, a
 * monthly minimum for some), then every client's March remitted and one pain.001 payout file
 * written for all the payouts. Clients are worked one after the other, so memory stays flat.
 *
 * Checks, for every client: every transaction balances; the remittance's net + commission +
 * fees + kept costs + VAT + refunds = collected; payout − invoiced = net; after the settlement
 * the trust bank equals the client payables + refunds + suspense.
 *
 * The domain runs for the whole month; the database part (billing's own store, one multi-row
 * INSERT per transaction, the balance trigger at commit) runs on a sample of SAMPLE payments into
 * a fresh database and is extrapolated — the month's figure says so.
 *
 *   npm run bench -- billing-close        (PAYMENTS=1000000, CLIENTS=500, SAMPLE=20000 by default)
 *
 * Figures (2 cores shared with other engineers' work, tree at eeba092 + this file, 2026-12-01):
 *   - domain, the whole month: posting 1,000,000 payments 9.3–10.8 s, remittances for the 500
 *     clients 3.1–3.5 s, the payout file (500 credit transfers, 0.2 MB) 0.2–0.4 s; 1,919,907
 *     transactions, 9,605,235 entries, every check passing; 14.6–17.8 s in all, RSS 423–457 MB.
 *   - database through billing's store: 20,000 payments (38,387 transactions) in 13.8 s =
 *     1,450 payments/s, so about 11.5 minutes for the month: the target (under 5 minutes for
 *     posting, remittances and invoices) is missed. Where the time goes: one INSERT per
 *     transaction and one per entry set, and the deferred per-row balance trigger; a bulk path
 *     (COPY per batch, a statement-level balance check) is what would meet it. Invoices (§4)
 *     are not built yet.
 */
import { performance } from 'node:perf_hooks';
import {
  type Agreement,
  type AgreementTerms,
  type AllocationFacts,
  type LedgerTransaction,
  BE_VAT_BP,
  REVERSE_CHARGE_MENTION,
  allocationTransaction,
  balanceKey,
  balancesOf,
  billingSchema,
  insertTransaction,
  isBalanced,
  payoutFile,
  periodContaining,
  receivedTransaction,
  remit,
  reversalOf,
} from '@amicus/billing';
import { freshServiceDatabase } from '@amicus/service-runtime';

const PAYMENTS = Number(process.env.PAYMENTS ?? 1_000_000);
const CLIENTS = Number(process.env.CLIENTS ?? 500);
const SAMPLE = Number(process.env.SAMPLE ?? 20_000);
const march = periodContaining('2026-03-01', 'monthly');

/** A small deterministic generator, so two runs post the same month. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function agreementOf(i: number, clientId: string): Agreement {
  const tiered = i % 3 === 0;
  const terms: AgreementTerms = {
    currency: 'EUR',
    commission: tiered
      ? {
          tieredBy: 'claim_amount',
          bands: [
            { from: 0n, rates: { principalBp: 2000, interestBp: 2500, costsBp: 0 } },
            { from: 100_000n, rates: { principalBp: 1200, interestBp: 2000, costsBp: 0 } },
          ],
        }
      : { tieredBy: 'none', bands: [{ from: 0n, rates: { principalBp: 1500, interestBp: 2000, costsBp: 5000 } }] },
    fees: { caseOpened: 500n, letter: 150n, registeredLetter: 850n, call: 300n, success: 0n },
    monthlyMinimum: i % 5 === 0 ? 50_000n : 0n,
    collectionCostsKeptBy: i % 2 === 0 ? 'agency' : 'client',
    remittancePeriod: 'monthly',
    payoutIban: 'BE68539007547034',
    vat:
      i % 7 === 0
        ? { kind: 'reverse_charge', country: 'NL', vatNumber: 'NL004495445B01', mention: REVERSE_CHARGE_MENTION }
        : { kind: 'be_standard', rateBp: BE_VAT_BP, vatNumber: null },
  };
  return {
    id: `agreement-${i}`,
    clientId,
    version: 1,
    status: 'approved',
    validFrom: '2026-01-01',
    validTo: null,
    terms,
    createdBy: 'bench',
    approvedBy: 'bench',
  };
}

/** One client's month: its payments posted as billing posts them. */
function clientMonth(i: number, clientId: string, agreement: Agreement, count: number, next: () => number): LedgerTransaction[] {
  const txs: LedgerTransaction[] = [];
  for (let n = 0; n < count; n++) {
    const caseId = `case-${i}-${n % 400}`;
    const principal = BigInt(1000 + Math.floor(next() * 200_000));
    const interest = BigInt(Math.floor(next() * 2_000));
    const costs = BigInt(Math.floor(next() * 4_000));
    const direct = next() < 0.1;
    const over = !direct && next() < 0.02 ? BigInt(Math.floor(next() * 5_000) + 1) : 0n;
    const split = next() < 0.3;
    const a: AllocationFacts = {
      principal: split
        ? [
            { claimId: `${caseId}-a`, amountMinor: principal / 2n },
            { claimId: `${caseId}-b`, amountMinor: principal - principal / 2n },
          ]
        : [{ claimId: `${caseId}-a`, amountMinor: principal }],
      interestMinor: interest,
      costsMinor: costs,
      unallocatedMinor: over,
    };
    const day = `2026-03-${String(1 + Math.floor(next() * 31)).padStart(2, '0')}`;
    const p = {
      paymentId: `p-${i}-${n}`,
      caseId,
      clientId,
      amountMinor: principal + interest + costs + over,
      currency: 'EUR',
      receivedOn: day,
      direct,
    };
    const tiers = {
      claim: (id: string) => ({ ageAtPlacementDays: 90, principalMinor: id.endsWith('a') ? principal : principal / 2n }),
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

function check(clientId: string, txs: LedgerTransaction[], r: ReturnType<typeof remit>): void {
  for (const t of [...txs, ...r.postings]) if (!isBalanced(t)) throw new Error(`${t.key} does not balance`);
  const tot = r.total;
  if (tot.netMinor + tot.commissionMinor + tot.feesMinor + tot.costsKeptMinor + tot.vatMinor + tot.refundsMinor !== tot.collectedMinor)
    throw new Error(`${clientId}: the statement does not add up to what was collected`);
  if (r.payoutMinor - r.invoicedMinor !== tot.netMinor) throw new Error(`${clientId}: payout − invoiced is not the net`);
  const b = balancesOf([...txs, ...r.postings]);
  const get = (k: string) => b.get(k) ?? 0n;
  if (get('trust_bank') !== -(get(balanceKey('client_payable', clientId)) + get('refunds_owed') + get('suspense')))
    throw new Error(`${clientId}: the trust bank is not what is owed`);
}

async function main(): Promise<void> {
  const next = random(20260301);
  const perClient = Math.floor(PAYMENTS / CLIENTS);
  let postMs = 0;
  let remitMs = 0;
  let transactions = 0;
  let entries = 0;
  const payouts: { endToEndId: string; creditor: { name: string; iban: string }; amountMinor: bigint; text: string }[] = [];
  let invoiced = 0;
  const start = performance.now();
  for (let i = 0; i < CLIENTS; i++) {
    const clientId = `client-${i}`;
    const agreement = agreementOf(i, clientId);
    const t0 = performance.now();
    const txs = clientMonth(i, clientId, agreement, perClient, next);
    const t1 = performance.now();
    const r = remit(clientId, march, agreement, txs, `remittance:${clientId}`);
    remitMs += performance.now() - t1;
    postMs += t1 - t0;
    check(clientId, txs, r);
    transactions += txs.length + r.postings.length;
    entries += [...txs, ...r.postings].reduce((s, t) => s + t.entries.length, 0);
    if (r.payoutMinor > 0n)
      payouts.push({
        endToEndId: `R${i}`,
        creditor: { name: `Client ${i}`, iban: agreement.terms.payoutIban },
        amountMinor: r.payoutMinor,
        text: 'Remittance March 2026',
      });
    if (r.invoicedMinor > 0n) invoiced++;
  }
  const f0 = performance.now();
  const xml = payoutFile({
    messageId: 'BENCH-2026-03',
    createdAt: new Date('2026-04-01T06:00:00Z'),
    executionDate: '2026-04-02',
    debtor: { name: 'Amicus Incasso', iban: 'BE71096123456769', bic: 'GKCCBEBB' },
    payouts,
  });
  const fileMs = performance.now() - f0;
  const rss = Math.round(process.memoryUsage().rss / 1e6);
  console.log(
    `domain: ${PAYMENTS.toLocaleString('en')} payments across ${CLIENTS} clients — posting ${(postMs / 1000).toFixed(1)} s, ` +
      `remittances ${(remitMs / 1000).toFixed(1)} s, payout file (${payouts.length} transfers, ${(xml.length / 1e6).toFixed(1)} MB) ` +
      `${fileMs.toFixed(0)} ms; ${transactions.toLocaleString('en')} transactions, ${entries.toLocaleString('en')} entries; ` +
      `${invoiced} clients invoiced; all checks passed; total ${((performance.now() - start) / 1000).toFixed(1)} s, RSS ${rss} MB`,
  );

  // The database: billing's own store for a sample, one transaction per 1,000 payments.
  const { ds, drop } = await freshServiceDatabase('bench_billing_close', billingSchema);
  try {
    const agreement = agreementOf(1, crypto.randomUUID());
    const sample = clientMonth(1, agreement.clientId, { ...agreement, id: crypto.randomUUID() }, SAMPLE, random(7)).map((t) => ({
      ...t,
      agreementId: null,
      caseId: crypto.randomUUID(),
      paymentId: null,
      entries: t.entries.map((e) => ({ ...e, claimId: null })),
    }));
    const d0 = performance.now();
    for (let k = 0; k < sample.length; k += 2000)
      await ds.transaction(async (m) => {
        for (const t of sample.slice(k, k + 2000)) await insertTransaction(m, t);
      });
    const dbMs = performance.now() - d0;
    const perSecond = SAMPLE / (dbMs / 1000);
    console.log(
      `database: ${SAMPLE.toLocaleString('en')} payments (${sample.length.toLocaleString('en')} transactions) in ${(dbMs / 1000).toFixed(1)} s = ` +
        `${Math.round(perSecond).toLocaleString('en')} payments/s; the month at that rate: ${(PAYMENTS / perSecond / 60).toFixed(1)} min`,
    );
  } finally {
    await drop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
