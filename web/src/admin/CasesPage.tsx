import { useQuery } from '@apollo/client/react';
import { Anchor, Badge, Button, Group, NativeSelect, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { Empty, ErrorState, Loading } from '../components/PageState';
import { ScrollRegion } from '../components/ScrollRegion';
import { useFormat } from '../format';
import { graphql } from '../gql';
import type { CaseSortField } from '../gql/graphql';
import { CaseFile } from '../cases';
import { AssessmentSection } from '../legal/LegalCase';
import { NUMERIC, SortTh, type SortState } from '../legal/SortableTable';
import { PHASE_COLOUR } from '../theme';

const CASES = graphql(`
  query AdminCases($filter: CaseFilterInput, $orderBy: CaseOrderInput, $after: String) {
    cases(filter: $filter, orderBy: $orderBy, page: { first: 100, after: $after }) {
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
        }
        paymentReference {
          caseNumber
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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PHASES = ['placed', 'amicable', 'legal_review', 'legal', 'closed'];
type Column = 'open' | 'oldestDue' | 'opened';
const FIELD: Record<Column, CaseSortField> = { open: 'OPEN_AMOUNT', oldestDue: 'OLDEST_DUE_DATE', opened: 'OPENED_AT' };

/** Opens a case's assessment by its id. */
function FindCase({ initial = '' }: { initial?: string }) {
  const { t } = useTranslation('admin');
  const navigate = useNavigate();
  const [id, setId] = useState(initial);
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <form
      role="search"
      aria-label={t('cases.find')}
      onSubmit={(e) => {
        e.preventDefault();
        const v = id.trim();
        if (!UUID.test(v)) return setProblem(t('cases.notAnId'));
        setProblem(null);
        void navigate(`/admin/cases/${v}/assessment`);
      }}
    >
      <Group gap="xs" align="flex-start">
        <TextInput
          label={t('cases.caseId')}
          description={t('cases.caseIdHint')}
          value={id}
          onChange={(e) => setId(e.currentTarget.value)}
          error={problem}
          w={380}
          styles={{ input: { fontFamily: 'ui-monospace, monospace' } }}
        />
        <Button type="submit" mt={44} variant="light">
          {t('cases.open')}
        </Button>
      </Group>
    </form>
  );
}

/**
 * Every case the agency holds, to find one and open its legal assessment: by id, or from the
 * list (by client and phase, sorted by the API by amount, age or opening).
 */
export function CasesPage() {
  const { t } = useTranslation('admin');
  const { t: common } = useTranslation();
  const f = useFormat();
  const [clientId, setClientId] = useState('');
  const [phase, setPhase] = useState('');
  const [sort, setSort] = useState<SortState<Column>>({ key: 'opened', direction: 'desc' });
  const [more, setMore] = useState(false);
  const { data, loading, error, refetch, fetchMore } = useQuery(CASES, {
    variables: {
      filter: { clientId: clientId || null, phases: phase ? [phase] : null },
      orderBy: { field: FIELD[sort.key], direction: sort.direction === 'asc' ? 'ASC' : 'DESC' },
    },
  });
  const toggle = (key: Column) =>
    setSort((s) => (s.key === key ? { key, direction: s.direction === 'asc' ? 'desc' : 'asc' } : { key, direction: 'desc' }));
  const clientName = new Map((data?.clients ?? []).map((c) => [c.id, c.name]));
  const nodes = data?.cases.nodes ?? [];
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
    <Stack gap="md">
      <div>
        <Title order={1} size="h3">
          {t('cases.title')}
        </Title>
        <Text c="dimmed" size="sm">
          {t('cases.subtitle')}
        </Text>
      </div>
      <FindCase />
      <Group gap="sm" align="flex-end">
        <NativeSelect
          size="xs"
          label={t('cases.client')}
          value={clientId}
          onChange={(e) => setClientId(e.currentTarget.value)}
          data={[{ value: '', label: t('cases.allClients') }, ...(data?.clients ?? []).map((c) => ({ value: c.id, label: c.name }))]}
        />
        <NativeSelect
          size="xs"
          label={t('cases.phase')}
          value={phase}
          onChange={(e) => setPhase(e.currentTarget.value)}
          data={[{ value: '', label: t('cases.allPhases') }, ...PHASES.map((p) => ({ value: p, label: common(`phase.${p}`) }))]}
        />
      </Group>
      {error && <ErrorState error={error} onRetry={() => void refetch()} />}
      {loading && !data && <Loading />}
      {data && !nodes.length && <Empty title={t('cases.empty')}>{t('cases.emptyText')}</Empty>}
      {nodes.length > 0 && (
        <>
          <ScrollRegion label={t('cases.list')} maxHeight="calc(100vh - 380px)">
            <Table className="sticky-head" aria-label={t('cases.list')}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('cases.debtor')}</Table.Th>
                  <Table.Th>{t('cases.clientBrand')}</Table.Th>
                  <Table.Th>{t('cases.phase')}</Table.Th>
                  <SortTh column="open" sort={sort} onSort={toggle} numeric>
                    {t('cases.openBalance')}
                  </SortTh>
                  <SortTh column="oldestDue" sort={sort} onSort={toggle}>
                    {t('cases.oldestDue')}
                  </SortTh>
                  <SortTh column="opened" sort={sort} onSort={toggle}>
                    {t('cases.opened')}
                  </SortTh>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {nodes.map((c) => (
                  <Table.Tr key={c.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/admin/cases/${c.id}/assessment`} size="sm" fw={500}>
                        {c.debtor?.name ?? c.id}
                      </Anchor>
                      {c.paymentReference && (
                        <Text size="xs" c="dimmed">
                          {c.paymentReference.caseNumber}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{clientName.get(c.clientId) ?? '—'}</Text>
                      <Text size="xs" c="dimmed">
                        {c.brand?.name}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Badge color={PHASE_COLOUR[c.phase] ?? 'gray'}>{common(`phase.${c.phase}`)}</Badge>
                    </Table.Td>
                    <Table.Td ta="right" style={NUMERIC}>
                      {f.money(c.balance.openMinor, c.balance.currency)}
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{f.date(c.oldestDueDate)}</Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{f.date(c.openedAt)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollRegion>
          <Group justify="space-between">
            <Text size="xs" c="dimmed">
              {t('cases.count', { count: nodes.length })}
            </Text>
            {data?.cases.hasNextPage && (
              <Button size="xs" variant="light" loading={more} onClick={() => void loadMore()}>
                {t('cases.more')}
              </Button>
            )}
          </Group>
        </>
      )}
    </Stack>
  );
}

/** Any case's legal assessment, for the admin: the case's facts and the engine's answer. */
export function CaseAssessmentPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('admin');
  return (
    <Stack gap="lg">
      <Anchor component={Link} to="/admin/cases" size="sm">
        ← {t('cases.title')}
      </Anchor>
      <FindCase key={id} initial={id} />
      {UUID.test(id) ? <CaseFile caseId={id} mainExtra={<AssessmentSection caseId={id} />} /> : <Empty title={t('cases.notAnId')} />}
    </Stack>
  );
}
