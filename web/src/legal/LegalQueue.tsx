import { useQuery } from '@apollo/client/react';
import { Anchor, Badge, Button, Group, SegmentedControl, Table, Text, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { Empty, ErrorState, Loading } from '../components/PageState';
import { ScrollRegion } from '../components/ScrollRegion';
import { useFormat } from '../format';
import { graphql } from '../gql';
import { PHASE_COLOUR } from '../theme';
import { NUMERIC, SortTh, useSort } from './SortableTable';
import { EscalationCell } from './Escalation';
import { ProceedingReminders } from './Proceedings';

const QUEUE = graphql(`
  query LegalQueue($phases: [String!], $after: String) {
    cases(filter: { phases: $phases }, orderBy: { field: OLDEST_DUE_DATE, direction: ASC }, page: { first: 200, after: $after }) {
      nodes {
        id
        phase
        clientId
        oldestDueDate
        openedAt
        balance {
          currency
          openMinor
        }
        brand {
          id
          name
        }
        debtor {
          id
          name
          country
          kind
        }
        paymentReference {
          caseNumber
        }
        escalation {
          caseId
          eligibility {
            eligible
            conditions {
              key
              met
              rule
            }
          }
        }
      }
      endCursor
      hasNextPage
    }
    clients {
      id
      name
    }
  }
`);

const PHASES = { all: ['legal_review', 'legal'], legal_review: ['legal_review'], legal: ['legal'] } as const;
type PhaseChoice = keyof typeof PHASES;
type Column = 'debtor' | 'client' | 'phase' | 'open' | 'oldestDue';

/** Whole days from a calendar date to today (Brussels). */
function daysSince(isoDate: string): number {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Brussels' }).format(new Date());
  return Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${isoDate}T00:00:00Z`)) / 86_400_000);
}

/**
 * Legal staff's queue: the cases in legal review (an escalation to decide) and in legal
 * proceedings, with what is open and how old the debt is. Every column sorts; a case opens
 * from its debtor's name (Tab, Enter) or a click on its row.
 */
export function LegalQueue() {
  const { t } = useTranslation('legal');
  const { t: common } = useTranslation();
  const { t: esc } = useTranslation('escalation');
  const f = useFormat();
  const navigate = useNavigate();
  const [phase, setPhase] = useState<PhaseChoice>('all');
  const { data, loading, error, refetch, fetchMore } = useQuery(QUEUE, { variables: { phases: [...PHASES[phase]] } });
  const [more, setMore] = useState(false);
  const clientName = useMemo(() => new Map((data?.clients ?? []).map((c) => [c.id, c.name])), [data?.clients]);
  const nodes = useMemo(() => data?.cases.nodes ?? [], [data?.cases.nodes]);
  type Row = (typeof nodes)[number];
  const { sorted, sort, toggle } = useSort<Row, Column>(
    nodes,
    {
      debtor: (r) => r.debtor?.name,
      client: (r) => `${clientName.get(r.clientId) ?? ''} ${r.brand?.name ?? ''}`,
      phase: (r) => r.phase,
      open: (r) => BigInt(r.balance.openMinor),
      oldestDue: (r) => r.oldestDueDate,
    },
    { key: 'oldestDue', direction: 'asc' },
    f.locale,
  );

  const loadMore = async () => {
    setMore(true);
    try {
      await fetchMore({
        variables: { after: data?.cases.endCursor },
        updateQuery: (prev, { fetchMoreResult }) => ({
          ...fetchMoreResult,
          cases: { ...fetchMoreResult.cases, nodes: [...prev.cases.nodes, ...fetchMoreResult.cases.nodes] },
        }),
      });
    } finally {
      setMore(false);
    }
  };

  return (
    <>
      <Group justify="space-between" mb="sm" align="flex-end">
        <div>
          <Title order={1} size="h3">
            {t('queue.title')}
          </Title>
          <Text c="dimmed" size="sm">
            {t('queue.subtitle')}
          </Text>
        </div>
        <SegmentedControl
          size="xs"
          aria-label={t('queue.phaseFilter')}
          value={phase}
          onChange={(v) => setPhase(v as PhaseChoice)}
          data={[
            { value: 'all', label: t('queue.all') },
            { value: 'legal_review', label: common('phase.legal_review') },
            { value: 'legal', label: common('phase.legal') },
          ]}
        />
      </Group>
      <ProceedingReminders />
      {error && <ErrorState error={error} onRetry={() => void refetch()} />}
      {loading && !data && <Loading />}
      {data && !nodes.length && <Empty title={t('queue.empty')}>{t('queue.emptyText')}</Empty>}
      {nodes.length > 0 && (
        <>
          <ScrollRegion label={t('queue.title')} maxHeight="calc(100vh - 200px)">
            <Table className="sticky-head" aria-label={t('queue.title')}>
              <Table.Thead>
                <Table.Tr>
                  <SortTh column="debtor" sort={sort} onSort={toggle}>
                    {t('queue.debtor')}
                  </SortTh>
                  <SortTh column="client" sort={sort} onSort={toggle}>
                    {t('queue.client')}
                  </SortTh>
                  <SortTh column="phase" sort={sort} onSort={toggle}>
                    {t('queue.phase')}
                  </SortTh>
                  <SortTh column="open" sort={sort} onSort={toggle} numeric>
                    {t('queue.open')}
                  </SortTh>
                  <SortTh column="oldestDue" sort={sort} onSort={toggle}>
                    {t('queue.oldestDue')}
                  </SortTh>
                  <Table.Th>{esc('title')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {sorted.map((r) => (
                  <Table.Tr key={r.id} style={{ cursor: 'pointer' }} onClick={() => void navigate(`/legal/cases/${r.id}`)}>
                    <Table.Td>
                      <Anchor component={Link} to={`/legal/cases/${r.id}`} size="sm" fw={500} onClick={(e) => e.stopPropagation()}>
                        {r.debtor?.name ?? r.id}
                      </Anchor>
                      <Text size="xs" c="dimmed">
                        {[r.paymentReference?.caseNumber, r.debtor?.country, r.debtor && t(`debtorKind.${r.debtor.kind}`)]
                          .filter(Boolean)
                          .join(' · ')}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{clientName.get(r.clientId) ?? '—'}</Text>
                      <Text size="xs" c="dimmed">
                        {r.brand?.name}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Badge color={PHASE_COLOUR[r.phase] ?? 'gray'}>{common(`phase.${r.phase}`)}</Badge>
                    </Table.Td>
                    <Table.Td ta="right" style={NUMERIC}>
                      {f.money(r.balance.openMinor, r.balance.currency)}
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      {f.date(r.oldestDueDate)}
                      <Text span size="xs" c="dimmed" ml={6}>
                        {t('queue.daysAgo', { count: daysSince(r.oldestDueDate) })}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <EscalationCell eligibility={r.escalation?.eligibility ?? null} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollRegion>
          <Group justify="space-between" mt="xs">
            <Text size="xs" c="dimmed">
              {t('queue.count', { count: nodes.length })}
            </Text>
            {data?.cases.hasNextPage && (
              <Button size="xs" variant="light" loading={more} onClick={() => void loadMore()}>
                {t('queue.more')}
              </Button>
            )}
          </Group>
        </>
      )}
    </>
  );
}
