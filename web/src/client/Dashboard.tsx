import { useQuery } from '@apollo/client/react';
import { BarChart, DonutChart, LineChart } from '@mantine/charts';
import { Button, Group, Paper, SimpleGrid, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Empty, ErrorState, Loading } from '../components/PageState';
import { useFormat } from '../format';
import { graphql } from '../gql';
import { MEANING } from '../theme';
import { RootCauses } from './RootCauses';

const PORTFOLIO = graphql(`
  query ClientDashboardPortfolio {
    portfolioSummary {
      clientId
      clientName
      openCases
      amounts {
        currency
        openCases
        placedMinor
        collectedMinor
        collectedPrincipalMinor
        collectedInterestMinor
        collectedCostsMinor
        openMinor
        recoveryRateBp
      }
    }
  }
`);

/** The collection curves and ageing: asked apart, so the figures above show even while these load or fail. */
const COLLECTIONS = graphql(`
  query ReportingClientDashboardCollections {
    collectionCurve {
      clientId
      currency
      cohortMonth
      placedMinor
      points {
        monthsSincePlacement
        collectedMinor
        shareBp
      }
    }
    ageing {
      clientId
      currency
      buckets {
        bucket
        minDays
        maxDays
        openCases
        openMinor
      }
    }
  }
`);

/** One colour per cohort line, newest first; each a shade 9 for AA contrast on white. */
const COHORT_COLOURS = ['blue.9', 'teal.9', 'grape.9', 'orange.9', 'indigo.9', 'red.9'] as const;

/** Colours by meaning: placed is neutral information, collected is money in, open is money still due. */
const COLOUR = { placed: MEANING.info, collected: MEANING.paid, open: MEANING.due } as const;

type Amounts = {
  currency: string;
  openCases: number;
  placedMinor: string;
  collectedMinor: string;
  collectedPrincipalMinor: string;
  collectedInterestMinor: string;
  collectedCostsMinor: string;
  openMinor: string;
  recoveryRateBp: number;
};

type Collections = ReturnType<typeof useCollections>;

/** The client's portfolio: its figures per currency, a chart of them, and where to go next. */
export function Dashboard() {
  const { t } = useTranslation('client');
  const { data, loading, error, refetch } = useQuery(PORTFOLIO);
  const portfolio = data?.portfolioSummary[0];
  const amounts = portfolio?.amounts ?? [];
  const collections = useCollections(portfolio?.clientId);
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1} size="h3">
            {t('dashboard.title')}
            {portfolio ? ` — ${portfolio.clientName}` : ''}
          </Title>
          <Text c="dimmed" size="sm">
            {t('dashboard.subtitle')}
          </Text>
        </div>
        <Group gap="xs">
          <Button component={Link} to="/client/cases" variant="default">
            {t('dashboard.seeCases')}
          </Button>
          <Button component={Link} to="/client/place">
            {t('dashboard.placeClaims')}
          </Button>
        </Group>
      </Group>
      {error && <ErrorState error={error} onRetry={() => void refetch()} />}
      {loading && !data && <Loading />}
      {data && amounts.length === 0 && <Empty title={t('dashboard.empty')}>{t('dashboard.emptyText')}</Empty>}
      {amounts.map((a) => (
        <Stack key={a.currency} gap="sm">
          <CurrencyFigures amounts={a} several={amounts.length > 1} />
          <CollectedSplit amounts={a} />
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
            <CollectionCurve currency={a.currency} collections={collections} />
            <Ageing currency={a.currency} collections={collections} />
          </SimpleGrid>
        </Stack>
      ))}
      {portfolio && <RootCauses clientId={portfolio.clientId} />}
    </Stack>
  );
}

function CurrencyFigures({ amounts: a, several }: { amounts: Amounts; several: boolean }) {
  const { t } = useTranslation('client');
  const f = useFormat();
  const money = (minor: number | string) => f.money(String(Math.round(Number(minor))), a.currency);
  const percent = new Intl.NumberFormat(f.locale, { style: 'percent', maximumFractionDigits: 1 }).format(a.recoveryRateBp / 10000);
  const figures = [
    { key: 'placed', label: t('dashboard.placed'), value: money(a.placedMinor) },
    { key: 'collected', label: t('dashboard.collected'), value: money(a.collectedMinor) },
    { key: 'open', label: t('dashboard.open'), value: money(a.openMinor) },
    { key: 'recovery', label: t('dashboard.recovery'), value: percent },
    { key: 'openCases', label: t('dashboard.openCases'), value: a.openCases.toLocaleString(f.locale) },
  ];
  // The charts draw minor units as numbers (exact up to 2^53 cents) and label them as money.
  const bars = [
    { figure: t('dashboard.placed'), amount: Number(a.placedMinor) },
    { figure: t('dashboard.collected'), amount: Number(a.collectedMinor) },
    { figure: t('dashboard.open'), amount: Number(a.openMinor) },
  ];
  const share = [
    { name: t('dashboard.collected'), value: Number(a.collectedMinor), color: COLOUR.collected },
    { name: t('dashboard.open'), value: Number(a.openMinor), color: COLOUR.open },
  ].filter((s) => s.value > 0);
  return (
    <Stack gap="sm" component="section" aria-label={t('dashboard.figures', { currency: a.currency })}>
      {several && (
        <Title order={2} size="h5">
          {t('dashboard.inCurrency', { currency: a.currency })}
        </Title>
      )}
      <SimpleGrid cols={{ base: 2, sm: 3, lg: 5 }} spacing="sm">
        {figures.map((fig) => (
          <Paper key={fig.key} withBorder p="sm">
            <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
              {fig.label}
            </Text>
            <Text size="xl" fw={600} style={{ fontVariantNumeric: 'tabular-nums' }} data-figure={fig.key}>
              {fig.value}
            </Text>
          </Paper>
        ))}
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
        <Paper withBorder p="sm" component="figure" m={0} aria-labelledby={`bars-${a.currency}`}>
          <Text size="sm" fw={600} mb="xs" id={`bars-${a.currency}`} component="figcaption">
            {t('dashboard.amountsChart', { currency: a.currency })}
          </Text>
          <div aria-hidden>
            <BarChart
              h={220}
              data={[{ currency: a.currency, placed: bars[0]!.amount, collected: bars[1]!.amount, open: bars[2]!.amount }]}
              dataKey="currency"
              series={[
                { name: 'placed', label: bars[0]!.figure, color: COLOUR.placed },
                { name: 'collected', label: bars[1]!.figure, color: COLOUR.collected },
                { name: 'open', label: bars[2]!.figure, color: COLOUR.open },
              ]}
              barProps={{ isAnimationActive: false }}
              barChartProps={{ accessibilityLayer: false }}
              valueFormatter={money}
              yAxisProps={{ width: 110 }}
              withTooltip={false}
              withLegend
              withBarValueLabel
            />
          </div>
          <FiguresTable
            caption={t('dashboard.amountsChart', { currency: a.currency })}
            rows={bars.map((b) => [b.figure, money(b.amount)])}
          />
        </Paper>
        <Paper withBorder p="sm" component="figure" m={0} aria-labelledby={`share-${a.currency}`}>
          <Text size="sm" fw={600} mb="xs" id={`share-${a.currency}`} component="figcaption">
            {t('dashboard.shareChart', { currency: a.currency })}
          </Text>
          <Group justify="center" gap="lg" aria-hidden>
            <DonutChart
              data={share.length ? share : [{ name: '—', value: 1, color: 'gray.3' }]}
              size={180}
              thickness={28}
              withTooltip={false}
              chartLabel={percent}
              pieProps={{ isAnimationActive: false, rootTabIndex: -1 }}
              pieChartProps={{ accessibilityLayer: false }}
            />
            <Stack gap={4}>
              {share.map((s) => (
                <Group key={s.name} gap={6} wrap="nowrap">
                  <Swatch colour={s.color} />
                  <Text size="sm">
                    {s.name}: {money(s.value)}
                  </Text>
                </Group>
              ))}
            </Stack>
          </Group>
          <FiguresTable
            caption={t('dashboard.shareChart', { currency: a.currency })}
            rows={[
              [t('dashboard.collected'), money(a.collectedMinor)],
              [t('dashboard.open'), money(a.openMinor)],
              [t('dashboard.recovery'), percent],
            ]}
          />
        </Paper>
      </SimpleGrid>
    </Stack>
  );
}

/** The chart's figures for screen readers (the drawing itself is hidden from them). */
function FiguresTable({ caption, rows }: { caption: string; rows: [string, string][] }) {
  return (
    <VisuallyHidden>
      <Table>
        <caption>{caption}</caption>
        <Table.Tbody>
          {rows.map(([label, value]) => (
            <Table.Tr key={label}>
              <Table.Th scope="row">{label}</Table.Th>
              <Table.Td>{value}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </VisuallyHidden>
  );
}

function Swatch({ colour }: { colour: string }) {
  const [name, shade] = colour.split('.');
  return (
    <span
      aria-hidden
      style={{ display: 'inline-block', width: 10, height: 10, borderRadius: 2, background: `var(--mantine-color-${name}-${shade})` }}
    />
  );
}

/** The curves and ageing of the client's own cases (the API's walls say which). */
function useCollections(clientId: string | undefined) {
  const { data, loading, error, refetch } = useQuery(COLLECTIONS, { skip: !clientId });
  return {
    loading: loading && !data,
    error,
    retry: () => void refetch(),
    curves: (data?.collectionCurve ?? []).filter((c) => c.clientId === clientId),
    ageing: (data?.ageing ?? []).filter((a) => a.clientId === clientId),
  };
}

/** What was collected, split as the law allocates a payment: principal, interest and collection costs. */
function CollectedSplit({ amounts: a }: { amounts: Amounts }) {
  const { t } = useTranslation('client');
  const f = useFormat();
  const parts = [
    { key: 'collectedPrincipal', label: t('dashboard.collections.principal'), value: a.collectedPrincipalMinor },
    { key: 'collectedInterest', label: t('dashboard.collections.interest'), value: a.collectedInterestMinor },
    { key: 'collectedCosts', label: t('dashboard.collections.costs'), value: a.collectedCostsMinor },
  ];
  return (
    <Paper withBorder p="sm" component="section" aria-labelledby={`split-${a.currency}`}>
      <Text size="sm" fw={600} mb="xs" id={`split-${a.currency}`} component="h2">
        {t('dashboard.collections.split', { currency: a.currency })}
      </Text>
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
        {parts.map((p) => (
          <div key={p.key}>
            <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
              {p.label}
            </Text>
            <Text size="lg" fw={600} style={{ fontVariantNumeric: 'tabular-nums' }} data-figure={p.key}>
              {f.money(p.value, a.currency)}
            </Text>
          </div>
        ))}
      </SimpleGrid>
    </Paper>
  );
}

/** The share of each placement month's principal collected by the months since placement, drawn and as a table. */
function CollectionCurve({ currency, collections }: { currency: string; collections: Collections }) {
  const { t } = useTranslation('client');
  const f = useFormat();
  const curves = collections.curves.filter((c) => c.currency === currency);
  const monthName = new Intl.DateTimeFormat(f.locale, { month: 'short', year: 'numeric', timeZone: 'UTC' });
  const cohortLabel = (month: string) => monthName.format(new Date(`${month}-01T00:00:00Z`));
  const percent = new Intl.NumberFormat(f.locale, { style: 'percent', maximumFractionDigits: 2 });
  // The newest cohorts are drawn (a line each); the table has them all.
  const drawn = [...curves].sort((a, b) => (a.cohortMonth < b.cohortMonth ? 1 : -1)).slice(0, COHORT_COLOURS.length);
  const months = Math.max(0, ...curves.map((c) => c.points.length));
  const data = Array.from({ length: months }, (_, m) => ({
    month: t('dashboard.collections.month', { n: m }),
    ...Object.fromEntries(drawn.flatMap((c) => (c.points[m] ? [[c.cohortMonth, c.points[m]!.shareBp / 100]] : []))),
  }));
  const title = t('dashboard.collections.curveTitle', { currency });
  return (
    // A section, not a figure: the chart's drawing is hidden from screen readers, its table is what they read.
    <Paper withBorder p="sm" component="section" aria-labelledby={`curve-${currency}`}>
      <Text size="sm" fw={600} id={`curve-${currency}`} component="h2">
        {title}
      </Text>
      <Text size="xs" c="dimmed" mb="xs">
        {t('dashboard.collections.curveText')}
      </Text>
      {collections.error ? (
        <ErrorState error={collections.error} onRetry={collections.retry} />
      ) : collections.loading ? (
        <Loading />
      ) : curves.length === 0 ? (
        <Empty title={t('dashboard.collections.curveEmpty')}>{t('dashboard.collections.curveEmptyText')}</Empty>
      ) : (
        <>
          <div aria-hidden>
            <LineChart
              h={220}
              data={data}
              dataKey="month"
              series={drawn.map((c, i) => ({ name: c.cohortMonth, label: cohortLabel(c.cohortMonth), color: COHORT_COLOURS[i]! }))}
              valueFormatter={(v) => percent.format(v / 100)}
              yAxisProps={{ width: 56, domain: [0, (max: number) => Math.max(100, max)], allowDecimals: false }}
              lineProps={{ isAnimationActive: false }}
              lineChartProps={{ accessibilityLayer: false }}
              withTooltip={false}
              withLegend
              connectNulls={false}
            />
          </div>
          <VisuallyHidden>
            <Table data-testid={`curve-table-${currency}`}>
              <caption>{t('dashboard.collections.curveTable', { currency })}</caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('dashboard.collections.cohort')}</Table.Th>
                  <Table.Th scope="col">{t('dashboard.collections.placed')}</Table.Th>
                  {Array.from({ length: months }, (_, m) => (
                    <Table.Th scope="col" key={m}>
                      {t('dashboard.collections.month', { n: m })}
                    </Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {curves.map((c) => (
                  <Table.Tr key={c.cohortMonth}>
                    <Table.Th scope="row">{cohortLabel(c.cohortMonth)}</Table.Th>
                    <Table.Td>{f.money(c.placedMinor, currency)}</Table.Td>
                    {Array.from({ length: months }, (_, m) => (
                      <Table.Td key={m}>
                        {c.points[m]
                          ? `${percent.format(c.points[m]!.shareBp / 10000)} (${f.money(c.points[m]!.collectedMinor, currency)})`
                          : '—'}
                      </Table.Td>
                    ))}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </VisuallyHidden>
        </>
      )}
    </Paper>
  );
}

/** The open cases by days past due of their oldest open invoice. */
function Ageing({ currency, collections }: { currency: string; collections: Collections }) {
  const { t } = useTranslation('client');
  const f = useFormat();
  const row = collections.ageing.find((a) => a.currency === currency);
  const open = row?.buckets.some((b) => b.openCases > 0) ?? false;
  return (
    <Paper withBorder p="sm" component="section" aria-labelledby={`ageing-${currency}`}>
      <Text size="sm" fw={600} mb="xs" id={`ageing-${currency}`} component="h2">
        {t('dashboard.collections.ageingTitle', { currency })}
      </Text>
      {collections.error ? (
        <ErrorState error={collections.error} onRetry={collections.retry} />
      ) : collections.loading ? (
        <Loading />
      ) : !row || !open ? (
        <Empty title={t('dashboard.collections.ageingEmpty')} />
      ) : (
        <Table data-testid={`ageing-${currency}`} style={{ fontVariantNumeric: 'tabular-nums' }}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('dashboard.collections.bucket')}</Table.Th>
              <Table.Th scope="col" ta="right">
                {t('dashboard.collections.cases')}
              </Table.Th>
              <Table.Th scope="col" ta="right">
                {t('dashboard.collections.openPrincipal')}
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {row.buckets.map((b) => (
              <Table.Tr key={b.bucket} data-bucket={b.bucket}>
                <Table.Th scope="row" fw={400}>
                  {t(`dashboard.collections.buckets.${b.bucket}`)}
                </Table.Th>
                <Table.Td ta="right">{b.openCases.toLocaleString(f.locale)}</Table.Td>
                <Table.Td ta="right">{f.money(b.openMinor, currency)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Paper>
  );
}
