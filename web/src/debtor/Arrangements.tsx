import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, Button, NumberInput, Paper, SegmentedControl, Stack, Table, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorCode, fieldProblems } from '../api/errors';
import { useFormat } from '../format';
import { graphql } from '../gql';
import { minorDigitsOf } from '../amount';
import { readAmount } from './amount-entry';
import type { BrandColours } from './brand-colours';
import { Section } from './Section';

/** What the debtor arranged before and still stands (cases: debtorArrangements): shown again after a reload. */
const ARRANGEMENTS = graphql(`
  query DebtorPlanArrangements($token: String!) {
    debtorArrangements(token: $token) {
      paymentPlan {
        status
        totalMinor
        currency
        instalments {
          seq
          dueOn
          amountMinor
        }
        paymentReference {
          ogm
        }
      }
      promise {
        amountMinor
        currency
        dueOn
        status
      }
    }
  }
`);

/** The debtor promises to pay by a date (cases: debtorPromiseToPay, by the link's token). */
const PROMISE = graphql(`
  mutation DebtorPlansPromiseToPay($token: String!, $amountMinor: String!, $dueOn: String!) {
    debtorPromiseToPay(token: $token, amountMinor: $amountMinor, dueOn: $dueOn) {
      amountMinor
      currency
      dueOn
      status
    }
  }
`);

/** The debtor proposes monthly instalments (cases: debtorProposePaymentPlan): agreed within the client's limits, else the agency decides. */
const PLAN = graphql(`
  mutation DebtorPlansProposePlan($token: String!, $count: Int!, $firstDueOn: String!) {
    debtorProposePaymentPlan(token: $token, count: $count, firstDueOn: $firstDueOn) {
      status
      totalMinor
      currency
      instalments {
        seq
        dueOn
        amountMinor
      }
      paymentReference {
        ogm
      }
    }
  }
`);

/** Today in the browser's calendar, as the date input writes it. */
const todayText = () => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

/** Cannot pay it all today: promise to pay by a date, or propose paying in monthly instalments. */
export function Arrangements({
  token,
  totalDueMinor,
  currency,
  colours,
}: {
  token: string;
  totalDueMinor: string;
  currency: string;
  colours: BrandColours;
}) {
  const { t } = useTranslation('debtor');
  const [mode, setMode] = useState<'promise' | 'plan'>('promise');
  const { data } = useQuery(ARRANGEMENTS, { variables: { token }, fetchPolicy: 'network-only' });
  const standing = data?.debtorArrangements;
  // A plan that stands is shown as it is (after a reload too): another proposal would only be refused.
  if (standing?.paymentPlan)
    return (
      <Section id="arrange" title={t('arrange.title')} accent={colours.accent}>
        <PlanView plan={standing.paymentPlan} />
      </Section>
    );
  // A promise that stands is shown above the forms: a new promise replaces it, an agreed plan takes its place.
  return (
    <Section id="arrange" title={t('arrange.title')} accent={colours.accent}>
      <Stack gap="sm">
        {standing?.promise && <PromiseView promise={standing.promise} />}
        <Text>{t('arrange.intro')}</Text>
        <SegmentedControl
          value={mode}
          onChange={(v) => setMode(v as 'promise' | 'plan')}
          aria-label={t('arrange.choose')}
          data={[
            { value: 'promise', label: t('arrange.promiseTab') },
            { value: 'plan', label: t('arrange.planTab') },
          ]}
          fullWidth
        />
        {mode === 'promise' ? (
          <PromiseForm
            token={token}
            totalDueMinor={totalDueMinor}
            currency={currency}
            colours={colours}
            shown={Boolean(standing?.promise)}
          />
        ) : (
          <PlanForm token={token} colours={colours} />
        )}
      </Stack>
    </Section>
  );
}

const buttonVars = (colours: BrandColours) => () => ({
  root: { '--button-bg': colours.primary, '--button-hover': colours.primary, '--button-color': colours.onPrimary },
});

function PromiseForm({
  token,
  totalDueMinor,
  currency,
  colours,
  shown,
}: {
  token: string;
  totalDueMinor: string;
  currency: string;
  colours: BrandColours;
  /** The page shows the promise that stands already (above the forms). */
  shown: boolean;
}) {
  const { t } = useTranslation('debtor');
  const f = useFormat();
  const [typed, setTyped] = useState('');
  const [dueOn, setDueOn] = useState('');
  const [tried, setTried] = useState(false);
  const [promise, { data, error, loading }] = useMutation(PROMISE, { refetchQueries: ['DebtorPlanArrangements'] });
  const reading = readAmount(typed, currency, BigInt(totalDueMinor));
  const example = new Intl.NumberFormat(f.locale, { minimumFractionDigits: minorDigitsOf(currency) }).format(50);
  const api = error ? fieldProblems(error) : {};
  const amountProblem =
    tried && !reading.ok
      ? t(`pay.problem.${reading.problem}`, { example, amount: f.money(totalDueMinor, currency) })
      : api.amountMinor
        ? t('arrange.problem.amount')
        : null;
  const dateProblem = tried && !dueOn ? t('arrange.problem.dateEmpty') : api.dueOn ? t('arrange.problem.promiseDate') : null;
  const done = data?.debtorPromiseToPay;
  // Until the page's own reading of the promise comes back (refetched), the answer itself says it.
  if (done && !shown) return <PromiseView promise={done} />;
  async function submit() {
    setTried(true);
    if (!reading.ok || !dueOn) return;
    await promise({ variables: { token, amountMinor: reading.minor.toString(), dueOn } }).catch(() => null);
  }
  return (
    <Stack gap="sm" component="form" onSubmit={(e) => (e.preventDefault(), void submit())}>
      <TextInput
        label={t('arrange.promiseAmount')}
        description={t('pay.amountHint', { example })}
        inputMode="decimal"
        value={typed}
        onChange={(e) => setTyped(e.currentTarget.value)}
        error={amountProblem}
      />
      <TextInput
        type="date"
        label={t('arrange.promiseDate')}
        min={todayText()}
        value={dueOn}
        onChange={(e) => setDueOn(e.currentTarget.value)}
        error={dateProblem}
      />
      {error && !api.amountMinor && !api.dueOn && <Problem error={error} />}
      <Button type="submit" loading={loading} vars={buttonVars(colours)}>
        {t('arrange.promiseSubmit')}
      </Button>
    </Stack>
  );
}

function PlanForm({ token, colours }: { token: string; colours: BrandColours }) {
  const { t } = useTranslation('debtor');
  const [count, setCount] = useState<number | string>(3);
  const [firstDueOn, setFirstDueOn] = useState('');
  const [tried, setTried] = useState(false);
  const [propose, { data, error, loading }] = useMutation(PLAN, { refetchQueries: ['DebtorPlanArrangements'] });
  const api = error ? fieldProblems(error) : {};
  const countOk = typeof count === 'number' && Number.isInteger(count) && count >= 2 && count <= 24;
  const countProblem = tried && !countOk ? t('arrange.problem.count') : api.count ? t('arrange.problem.count') : null;
  const dateProblem = tried && !firstDueOn ? t('arrange.problem.dateEmpty') : api.firstDueOn ? t('arrange.problem.planDate') : null;
  const plan = data?.debtorProposePaymentPlan;
  if (plan) return <PlanView plan={plan} />;
  async function submit() {
    setTried(true);
    if (!countOk || !firstDueOn) return;
    await propose({ variables: { token, count: count as number, firstDueOn } }).catch(() => null);
  }
  return (
    <Stack gap="sm" component="form" onSubmit={(e) => (e.preventDefault(), void submit())}>
      <NumberInput
        label={t('arrange.planCount')}
        description={t('arrange.planCountHint')}
        min={2}
        max={24}
        value={count}
        onChange={setCount}
        error={countProblem}
        allowDecimal={false}
      />
      <TextInput
        type="date"
        label={t('arrange.planFirst')}
        min={todayText()}
        value={firstDueOn}
        onChange={(e) => setFirstDueOn(e.currentTarget.value)}
        error={dateProblem}
      />
      {error && !api.count && !api.firstDueOn && <Problem error={error} />}
      <Button type="submit" loading={loading} vars={buttonVars(colours)}>
        {t('arrange.planSubmit')}
      </Button>
    </Stack>
  );
}

interface ShownPlan {
  status: string;
  currency: string;
  instalments: { seq: number; dueOn: string; amountMinor: string }[];
  paymentReference?: { ogm: string } | null;
}

/** A plan agreed or waiting, with its instalments and the reference to quote with each. */
function PlanView({ plan }: { plan: ShownPlan }) {
  const { t } = useTranslation('debtor');
  const f = useFormat();
  return (
    <Stack gap="sm">
      <Paper radius="md" withBorder>
        <Alert
          color={plan.status === 'agreed' ? 'teal' : 'blue'}
          title={t(`arrange.plan_${plan.status === 'agreed' ? 'agreed' : 'pending'}Title`)}
          role="status"
        >
          {t(`arrange.plan_${plan.status === 'agreed' ? 'agreed' : 'pending'}Text`)}
        </Alert>
      </Paper>
      <Table aria-label={t('arrange.instalments')} data-testid="plan-instalments">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('arrange.instalmentDate')}</Table.Th>
            <Table.Th style={{ textAlign: 'right' }}>{t('arrange.instalmentAmount')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {plan.instalments.map((i) => (
            <Table.Tr key={i.seq}>
              <Table.Td>{f.date(i.dueOn)}</Table.Td>
              <Table.Td style={{ textAlign: 'right', fontVariantNumeric: 'tabular-nums' }}>
                {f.money(i.amountMinor, plan.currency)}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {plan.paymentReference && <Text size="sm">{t('arrange.planReference', { reference: plan.paymentReference.ogm })}</Text>}
    </Stack>
  );
}

/** A promise that stands: the amount and the day. */
function PromiseView({ promise }: { promise: { amountMinor: string; currency: string; dueOn: string } }) {
  const { t } = useTranslation('debtor');
  const f = useFormat();
  return (
    <Paper radius="md" withBorder>
      <Alert color="teal" title={t('arrange.promiseDoneTitle')} role="status">
        {t('arrange.promiseDoneText', { amount: f.money(promise.amountMinor, promise.currency), date: f.date(promise.dueOn) })}
      </Alert>
    </Paper>
  );
}

/** What the API refused that is no one field's: a plan already agreed or waiting, too many tries, anything else. */
function Problem({ error }: { error: unknown }) {
  const { t } = useTranslation('debtor');
  const code = errorCode(error);
  return (
    <Alert color="red" role="alert" p="xs">
      <Text size="sm">{t(code === 'CONFLICT' ? 'arrange.problem.conflict' : 'arrange.problem.other')}</Text>
    </Alert>
  );
}
