import fc from 'fast-check';
import { DomainError } from '@amicus/errors';
import type { Actor, CommandContext } from '../case-lifecycle/case-lifecycle';
import {
  decideSettlement,
  discountBp,
  isPaid,
  lapsed,
  NO_DISCOUNT,
  offerSettlement,
  paidTowards,
  readTerms,
  withinTerms,
  type SettlementCase,
  type SettlementTerms,
} from './settlement';

const agent: Actor = { kind: 'agent', id: 'agent-1' };
const client: Actor = { kind: 'client', id: 'user-1', clientId: 'client-1' };
const otherClient: Actor = { kind: 'client', id: 'user-2', clientId: 'client-2' };
const admin: Actor = { kind: 'admin', id: 'admin-1' };
const ctx = (actor: Actor, today = '2025-03-03'): CommandContext => ({ actor, at: new Date(`${today}T10:00:00Z`), today });
const kase = (over: Partial<SettlementCase> = {}): SettlementCase => ({
  caseId: 'case-1',
  clientId: 'client-1',
  brandId: 'brand-1',
  phase: 'amicable',
  currency: 'EUR',
  openMinor: 100_000n,
  paidMinor: 0n,
  pending: null,
  ...over,
});
const TWENTY_PERCENT: SettlementTerms = { maxDiscountBp: 2000, minAmountMinor: null };
const offer = (amountMinor: bigint, terms = TWENTY_PERCENT, c = kase(), actor = agent) =>
  offerSettlement(c, { settlementId: 's-1', amountMinor, planProposal: null, payBy: '2025-03-17', note: null }, terms, ctx(actor));

const codeOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as DomainError).code;
  }
  return 'none';
};
const fieldsOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as DomainError).problems.map((p) => p.field);
  }
  return [];
};

describe('offerSettlement', () => {
  it('accepts at once an offer within the discount the client allows, as the agency, with SettlementOffered and SettlementDecided', () => {
    const d = offer(80_000n);
    expect(d.settlement).toMatchObject({
      status: 'accepted',
      withinTerms: true,
      discountBp: 2000,
      decidedBy: 'agent:agent-1',
      paidBeforeMinor: 0n,
    });
    expect(d.events.map((e) => e.type)).toEqual(['SettlementOffered', 'SettlementDecided']);
    expect(d.events[1]).toMatchObject({ decidedBy: 'agency' });
  });

  it('sends an offer above the client’s discount to the client, deciding nothing', () => {
    const d = offer(79_999n);
    expect(d.settlement).toMatchObject({ status: 'awaiting_client', withinTerms: false, decidedAt: null, paidBeforeMinor: null });
    expect(d.events.map((e) => e.type)).toEqual(['SettlementOffered']);
  });

  it('sends every offer to the client when the client set no terms', () => {
    expect(offer(99_999n, NO_DISCOUNT).settlement.status).toBe('awaiting_client');
  });

  it('sends an offer below the client’s least amount to the client even within the discount', () => {
    expect(offer(90_000n, { maxDiscountBp: 2000, minAmountMinor: 95_000n }).settlement.status).toBe('awaiting_client');
    expect(offer(95_000n, { maxDiscountBp: 2000, minAmountMinor: 95_000n }).settlement.status).toBe('accepted');
  });

  it('refuses an amount of the balance or more, nothing or less, naming amountMinor', () => {
    expect(fieldsOf(() => offer(100_000n))).toEqual(['amountMinor']);
    expect(fieldsOf(() => offer(150_000n))).toEqual(['amountMinor']);
    expect(fieldsOf(() => offer(0n))).toEqual(['amountMinor']);
  });

  it('asks a pay-by day within 60 days for a settlement paid at once, and none with a plan', () => {
    const at = (payBy: string | null, plan = false) =>
      fieldsOf(() =>
        offerSettlement(
          kase(),
          {
            settlementId: 's',
            amountMinor: 90_000n,
            planProposal: plan ? { count: 3, firstDueOn: '2025-04-01' } : null,
            payBy,
            note: null,
          },
          TWENTY_PERCENT,
          ctx(agent),
        ),
      );
    expect(at(null)).toEqual(['payBy']);
    expect(at('2025-03-02')).toEqual(['payBy']);
    expect(at('2025-05-03')).toEqual(['payBy']);
    expect(at('2025-05-02')).toEqual([]);
    expect(at('2025-03-10', true)).toEqual(['payBy']);
    expect(at(null, true)).toEqual([]);
  });

  it('refuses the client, a closed case, and a second pending settlement', () => {
    expect(codeOf(() => offer(90_000n, TWENTY_PERCENT, kase(), client))).toBe('forbidden');
    expect(codeOf(() => offer(90_000n, TWENTY_PERCENT, kase({ phase: 'closed' })))).toBe('conflict');
    const pending = offer(50_000n).settlement;
    expect(codeOf(() => offer(90_000n, TWENTY_PERCENT, kase({ pending })))).toBe('conflict');
  });
});

describe('decideSettlement', () => {
  const waiting = offer(50_000n).settlement;

  it('the client accepts: accepted, counting payments from what the case had paid then', () => {
    const d = decideSettlement(waiting, kase({ paidMinor: 1_000n, openMinor: 99_000n }), { accept: true, reason: null }, ctx(client));
    expect(d.settlement).toMatchObject({ status: 'accepted', decidedBy: 'client:user-1', paidBeforeMinor: 1_000n });
    expect(d.events).toEqual([expect.objectContaining({ type: 'SettlementDecided', decidedBy: 'client' })]);
  });

  it('the client declines with a reason; without one it is refused naming reason', () => {
    expect(decideSettlement(waiting, kase(), { accept: false, reason: 'too little' }, ctx(client)).settlement.status).toBe('declined');
    expect(fieldsOf(() => decideSettlement(waiting, kase(), { accept: false, reason: ' ' }, ctx(client)))).toEqual(['reason']);
  });

  it('another client’s user does not find it; an agent may not decide above the terms; a decided one is not decided twice', () => {
    expect(codeOf(() => decideSettlement(waiting, kase(), { accept: true, reason: null }, ctx(otherClient)))).toBe('not_found');
    expect(codeOf(() => decideSettlement(waiting, kase(), { accept: true, reason: null }, ctx(agent)))).toBe('forbidden');
    const accepted = decideSettlement(waiting, kase(), { accept: true, reason: null }, ctx(admin)).settlement;
    expect(codeOf(() => decideSettlement(accepted, kase(), { accept: false, reason: 'no' }, ctx(client)))).toBe('conflict');
  });
});

describe('a settlement is paid', () => {
  it('once the payments since its acceptance reach the settled amount', () => {
    const s = decideSettlement(
      offer(50_000n).settlement,
      kase({ paidMinor: 10_000n, openMinor: 90_000n }),
      { accept: true, reason: null },
      ctx(client),
    ).settlement;
    expect(paidTowards(s, 10_000n)).toBe(0n);
    expect(isPaid(s, 59_999n)).toBe(false);
    expect(isPaid(s, 60_000n)).toBe(true);
  });
});

describe('a settlement lapses', () => {
  const accepted = offer(90_000n).settlement; // payBy 2025-03-17

  it('paid at once, once its pay-by day is past; by plan, when the plan broke; never when awaiting the client', () => {
    expect(lapsed(accepted, '2025-03-17', false)).toBeNull();
    expect(lapsed(accepted, '2025-03-18', false)).toMatchObject({ status: 'lapsed', version: 2 });
    const byPlan = { ...accepted, byPlan: true, payBy: null };
    expect(lapsed(byPlan, '2026-01-01', false)).toBeNull();
    expect(lapsed(byPlan, '2025-03-04', true)?.status).toBe('lapsed');
    expect(lapsed(offer(10_000n).settlement, '2026-01-01', true)).toBeNull();
  });
});

describe('readTerms', () => {
  it('names maxDiscountBp and minAmountMinor when they are out of range', () => {
    expect(fieldsOf(() => readTerms({ maxDiscountBp: 10_001, minAmountMinor: '-1' }))).toEqual(['maxDiscountBp', 'minAmountMinor']);
    expect(readTerms({ maxDiscountBp: 1500, minAmountMinor: '5000' })).toEqual({ maxDiscountBp: 1500, minAmountMinor: 5000n });
  });
});

describe('properties', () => {
  const balance = fc.bigInt({ min: 2n, max: 10n ** 12n });
  const terms = fc.record({
    maxDiscountBp: fc.integer({ min: 0, max: 10_000 }),
    minAmountMinor: fc.option(fc.bigInt({ min: 0n, max: 10n ** 12n }), { nil: null }),
  });

  it('an agent never accepts below the client’s limit: every offer it accepts is within the discount and the least amount', () => {
    fc.assert(
      fc.property(balance, terms, fc.bigInt({ min: 1n, max: 10n ** 12n }), (open, t, raw) => {
        const amount = 1n + (raw % (open - 1n)); // 1 … open − 1
        const d = offerSettlement(
          kase({ openMinor: open }),
          { settlementId: 's', amountMinor: amount, planProposal: null, payBy: '2025-03-10', note: null },
          t,
          ctx(agent),
        );
        if (d.settlement.status === 'accepted') {
          expect(amount * 10_000n).toBeGreaterThanOrEqual(open * BigInt(10_000 - t.maxDiscountBp));
          if (t.minAmountMinor !== null) expect(amount).toBeGreaterThanOrEqual(t.minAmountMinor);
          expect(d.settlement.discountBp).toBeLessThanOrEqual(t.maxDiscountBp);
        } else {
          expect(withinTerms(open, amount, t)).toBe(false);
        }
      }),
    );
  });

  it('the settled amount never exceeds the balance: an offer of the balance or more is refused', () => {
    fc.assert(
      fc.property(balance, fc.bigInt({ min: 0n, max: 10n ** 13n }), terms, (open, amount, t) => {
        let settled: bigint | null = null;
        try {
          settled = offerSettlement(
            kase({ openMinor: open }),
            { settlementId: 's', amountMinor: amount, planProposal: null, payBy: '2025-03-10', note: null },
            t,
            ctx(agent),
          ).settlement.amountMinor;
        } catch (e) {
          expect((e as DomainError).code).toBe('invalid_input');
        }
        if (settled !== null) {
          expect(settled).toBeLessThan(open);
          expect(settled).toBeGreaterThan(0n);
        } else expect(amount <= 0n || amount >= open).toBe(true);
      }),
    );
  });

  it('the discount in basis points is rounded up: it never reads as less than it is', () => {
    fc.assert(
      fc.property(balance, fc.bigInt({ min: 1n, max: 10n ** 12n }), (open, raw) => {
        const amount = 1n + (raw % (open - 1n));
        const bp = BigInt(discountBp(open, amount));
        expect(bp * open).toBeGreaterThanOrEqual((open - amount) * 10_000n);
        expect((bp - 1n) * open).toBeLessThan((open - amount) * 10_000n);
      }),
    );
  });
});
