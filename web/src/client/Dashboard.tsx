import { useQuery } from '@apollo/client/react';
import { BarChart, DonutChart } from '@mantine/charts';
import { Button, Group, Paper, SimpleGrid, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Empty, ErrorState, Loading } from '../components/PageState';
import { useFormat } from '../format';
import { graphql } from '../gql';
import { MEANING } from '../theme';

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
        openMinor
        recoveryRateBp
      }
    }
  }
`);

/** Colours by meaning: placed is neutral information, collected is money in, open is money still due. */
const COLOUR = { placed: MEANING.info, collected: MEANING.paid, open: MEANING.due } as const;

type Amounts = {
  currency: string;
  openCases: number;
  placedMinor: string;
  collectedMinor: string;
  openMinor: string;
  recoveryRateBp: number;
};

/** The client's portfolio: its figures per currency, a chart of them, and where to go next. */
export function Dashboard() {
  const { t } = useTranslation('client');
  const { data, loading, error, refetch } = useQuery(PORTFOLIO);
  const portfolio = data?.portfolioSummary[0];
  const amounts = portfolio?.amounts ?? [];
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
        <CurrencyFigures key={a.currency} amounts={a} several={amounts.length > 1} />
      ))}
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
