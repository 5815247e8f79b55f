import { useQuery } from '@apollo/client/react';
import { Anchor, Badge, Group, NativeSelect, Paper, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Empty, ErrorState, Loading } from '../components/PageState';
import { ScrollRegion } from '../components/ScrollRegion';
import { useFormat } from '../format';
import { graphql } from '../gql';
import type { AdminOutgoingQuery } from '../gql/graphql';
import { NUMERIC, SortTh, useSort } from '../legal/SortableTable';
import { MEANING } from '../theme';

const OUTGOING = graphql(`
  query AdminOutgoing($date: String, $clientId: ID) {
    outgoing(date: $date, clientId: $clientId) {
      date
      counts {
        channel
        count
      }
      goingOut {
        caseId
        clientId
        debtorName
        scenarioName
        step {
          key
          kind
        }
        channel
        template
        dueAt
        amounts {
          currency
          totalMinor
        }
        decision {
          allowed
          rule
          source
          reason
        }
      }
      heldBack {
        caseId
        clientId
        debtorName
        scenarioName
        step {
          key
          kind
        }
        outcome
        rule
        source
        reason
        earliestAt
        dueAt
      }
    }
    clients {
      id
      name
    }
  }
`);

type Going = AdminOutgoingQuery['outgoing']['goingOut'][number];
type Held = AdminOutgoingQuery['outgoing']['heldBack'][number];
const OUTCOME_COLOUR: Record<string, string> = { wait: MEANING.due, pause: MEANING.hold, review: MEANING.info, stop: MEANING.refused };

/** The agency's calendar day today (Brussels), as the API counts it. */
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Brussels' }).format(new Date());

/**
 * What goes out on a day: the counts per channel, each step that goes with its legal answer, and
 * the steps held back with the rule that holds them and from when they may go. Reads only.
 */
export function OutgoingPage() {
  const { t } = useTranslation('admin');
  const f = useFormat();
  const [date, setDate] = useState(today());
  const [clientId, setClientId] = useState('');
  const { data, loading, error, refetch } = useQuery(OUTGOING, { variables: { date: date || null, clientId: clientId || null } });
  const o = data?.outgoing;
  const clientName = useMemo(() => new Map((data?.clients ?? []).map((c) => [c.id, c.name])), [data?.clients]);
  const stepName = (kind: string) => t(`stepKinds.${kind}`, { defaultValue: kind.replace(/_/g, ' ') });
  const channelName = (c: string) => t(`channels.${c}`, { defaultValue: c.replace(/_/g, ' ') });
  return (
    <Stack gap="md">
      <div>
        <Title order={1} size="h3">
          {t('outgoing.title')}
        </Title>
        <Text c="dimmed" size="sm">
          {t('outgoing.subtitle')}
        </Text>
      </div>
      <Group gap="sm" align="flex-end">
        <TextInput type="date" size="xs" label={t('outgoing.date')} value={date} onChange={(e) => setDate(e.currentTarget.value)} />
        <NativeSelect
          size="xs"
          label={t('cases.client')}
          value={clientId}
          onChange={(e) => setClientId(e.currentTarget.value)}
          data={[{ value: '', label: t('cases.allClients') }, ...(data?.clients ?? []).map((c) => ({ value: c.id, label: c.name }))]}
        />
      </Group>
      {error && <ErrorState error={error} onRetry={() => void refetch()} />}
      {loading && !data && <Loading label={t('outgoing.loading')} />}
      {o && (
        <>
          <SimpleGrid cols={{ base: 2, sm: 4, lg: 8 }} spacing="xs" role="group" aria-label={t('outgoing.counts')}>
            <Paper withBorder p="xs">
              <Text size="xs" c="dimmed">
                {t('outgoing.total')}
              </Text>
              <Text fw={700} size="lg" style={NUMERIC}>
                {o.goingOut.length}
              </Text>
            </Paper>
            {o.counts.map((c) => (
              <Paper withBorder p="xs" key={c.channel}>
                <Text size="xs" c="dimmed">
                  {channelName(c.channel)}
                </Text>
                <Text fw={600} size="lg" style={NUMERIC}>
                  {c.count}
                </Text>
              </Paper>
            ))}
            <Paper withBorder p="xs">
              <Text size="xs" c="dimmed">
                {t('outgoing.heldBack')}
              </Text>
              <Text fw={600} size="lg" style={NUMERIC}>
                {o.heldBack.length}
              </Text>
            </Paper>
          </SimpleGrid>
          <GoingOut rows={o.goingOut} clientName={clientName} stepName={stepName} channelName={channelName} />
          <HeldBack rows={o.heldBack} clientName={clientName} stepName={stepName} />
          <Text size="xs" c="dimmed">
            {t('outgoing.asOf', { date: f.date(o.date) })}
          </Text>
        </>
      )}
    </Stack>
  );
}

type Names = { clientName: Map<string, string>; stepName: (k: string) => string };

function GoingOut({ rows, clientName, stepName, channelName }: { rows: Going[]; channelName: (c: string) => string } & Names) {
  const { t } = useTranslation('admin');
  const f = useFormat();
  const { sorted, sort, toggle } = useSort<Going, 'debtor' | 'step' | 'channel' | 'due' | 'amount'>(
    rows,
    {
      debtor: (r) => r.debtorName,
      step: (r) => stepName(r.step.kind),
      channel: (r) => channelName(r.channel),
      due: (r) => r.dueAt,
      amount: (r) => (r.amounts ? BigInt(r.amounts.totalMinor) : null),
    },
    { key: 'due', direction: 'asc' },
    f.locale,
  );
  return (
    <Stack gap={4}>
      <Title order={2} size="h5">
        {t('outgoing.goingOut', { count: rows.length })}
      </Title>
      {rows.length === 0 ? (
        <Empty title={t('outgoing.nothing')} />
      ) : (
        <ScrollRegion label={t('outgoing.goingOutList')} maxHeight="45vh">
          <Table className="sticky-head" aria-label={t('outgoing.goingOutList')}>
            <Table.Thead>
              <Table.Tr>
                <SortTh column="debtor" sort={sort} onSort={toggle}>
                  {t('cases.debtor')}
                </SortTh>
                <SortTh column="step" sort={sort} onSort={toggle}>
                  {t('outgoing.step')}
                </SortTh>
                <SortTh column="channel" sort={sort} onSort={toggle}>
                  {t('templates.channel')}
                </SortTh>
                <SortTh column="due" sort={sort} onSort={toggle}>
                  {t('outgoing.due')}
                </SortTh>
                <SortTh column="amount" sort={sort} onSort={toggle} numeric>
                  {t('outgoing.amount')}
                </SortTh>
                <Table.Th>{t('outgoing.legal')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {sorted.map((r) => (
                <Table.Tr key={`${r.caseId}:${r.step.key}`}>
                  <Table.Td>
                    <Anchor component={Link} to={`/admin/cases/${r.caseId}/assessment`} size="sm" fw={500}>
                      {r.debtorName}
                    </Anchor>
                    <Text size="xs" c="dimmed">
                      {clientName.get(r.clientId)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{stepName(r.step.kind)}</Text>
                    <Text size="xs" c="dimmed">
                      {r.scenarioName}
                    </Text>
                  </Table.Td>
                  <Table.Td>{channelName(r.channel)}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{f.dateTime(r.dueAt)}</Table.Td>
                  <Table.Td ta="right" style={NUMERIC}>
                    {r.amounts ? f.money(r.amounts.totalMinor, r.amounts.currency) : '—'}
                  </Table.Td>
                  <Table.Td>
                    <Badge size="sm" color={r.decision.allowed ? MEANING.ok : MEANING.refused} style={{ minWidth: 'max-content' }}>
                      {r.decision.rule}
                    </Badge>
                    <Text size="xs" c="dimmed">
                      {r.decision.reason}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollRegion>
      )}
    </Stack>
  );
}

function HeldBack({ rows, clientName, stepName }: { rows: Held[] } & Names) {
  const { t } = useTranslation('admin');
  const f = useFormat();
  const { sorted, sort, toggle } = useSort<Held, 'debtor' | 'step' | 'outcome' | 'rule' | 'earliest'>(
    rows,
    {
      debtor: (r) => r.debtorName,
      step: (r) => (r.step ? stepName(r.step.kind) : null),
      outcome: (r) => r.outcome,
      rule: (r) => r.rule,
      earliest: (r) => r.earliestAt,
    },
    { key: 'rule', direction: 'asc' },
    f.locale,
  );
  return (
    <Stack gap={4}>
      <Title order={2} size="h5">
        {t('outgoing.heldBackTitle', { count: rows.length })}
      </Title>
      {rows.length === 0 ? (
        <Empty title={t('outgoing.noneHeld')} />
      ) : (
        <ScrollRegion label={t('outgoing.heldBackList')} maxHeight="45vh">
          <Table className="sticky-head" aria-label={t('outgoing.heldBackList')}>
            <Table.Thead>
              <Table.Tr>
                <SortTh column="debtor" sort={sort} onSort={toggle}>
                  {t('cases.debtor')}
                </SortTh>
                <SortTh column="step" sort={sort} onSort={toggle}>
                  {t('outgoing.step')}
                </SortTh>
                <SortTh column="outcome" sort={sort} onSort={toggle}>
                  {t('outgoing.outcome')}
                </SortTh>
                <SortTh column="rule" sort={sort} onSort={toggle}>
                  {t('outgoing.rule')}
                </SortTh>
                <Table.Th>{t('outgoing.reason')}</Table.Th>
                <SortTh column="earliest" sort={sort} onSort={toggle}>
                  {t('outgoing.earliest')}
                </SortTh>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {sorted.map((r) => (
                <Table.Tr key={`${r.caseId}:${r.step?.key ?? ''}`}>
                  <Table.Td>
                    <Anchor component={Link} to={`/admin/cases/${r.caseId}/assessment`} size="sm" fw={500}>
                      {r.debtorName}
                    </Anchor>
                    <Text size="xs" c="dimmed">
                      {clientName.get(r.clientId)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{r.step ? stepName(r.step.kind) : '—'}</Text>
                    <Text size="xs" c="dimmed">
                      {r.scenarioName}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge size="sm" color={OUTCOME_COLOUR[r.outcome] ?? MEANING.hold} style={{ minWidth: 'max-content' }}>
                      {t(`outgoing.outcomes.${r.outcome}`, { defaultValue: r.outcome })}
                    </Badge>
                  </Table.Td>
                  <Table.Td miw={160}>
                    <Text size="sm" fw={500}>
                      {r.rule ?? '—'}
                    </Text>
                    {r.source && (
                      <Text size="xs" c="dimmed">
                        {r.source}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{r.reason}</Text>
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    {r.earliestAt ? f.dateTime(r.earliestAt) : t('outgoing.notByItself')}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollRegion>
      )}
    </Stack>
  );
}
