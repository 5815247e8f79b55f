import { useQuery } from '@apollo/client/react';
import { Badge, Group, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { Empty, ErrorState, Loading } from '../components/PageState';
import { ScrollRegion } from '../components/ScrollRegion';
import { useFormat } from '../format';
import { graphql } from '../gql';
import { MEANING, PHASE_COLOUR } from '../theme';

const WORKLIST = graphql(`
  query Worklist($first: Int) {
    myWorklist(first: $first) {
      due
      score
      debtorName
      brand {
        id
        name
      }
      case {
        id
        phase
        oldestDueDate
        nextActionAt
        balance {
          currency
          openMinor
        }
      }
    }
  }
`);

export function Worklist() {
  const { t } = useTranslation('agent');
  const { t: common } = useTranslation();
  const f = useFormat();
  const navigate = useNavigate();
  const { data, loading, error, refetch } = useQuery(WORKLIST, { variables: { first: 200 } });
  const rows = data?.myWorklist ?? [];
  return (
    <>
      <Group justify="space-between" mb="sm">
        <div>
          <Title order={1} size="h3">
            {t('worklist.title')}
          </Title>
          <Text c="dimmed" size="sm">
            {t('worklist.subtitle')}
          </Text>
        </div>
      </Group>
      {error && <ErrorState error={error} onRetry={() => void refetch()} />}
      {loading && !data && <Loading />}
      {data && !rows.length && <Empty title={t('worklist.empty')}>{t('worklist.emptyText')}</Empty>}
      {rows.length > 0 && (
        <ScrollRegion label={t('worklist.title')} maxHeight="calc(100vh - 160px)">
          <Table className="sticky-head" aria-label={t('worklist.title')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('worklist.debtor')}</Table.Th>
                <Table.Th>{t('worklist.brand')}</Table.Th>
                <Table.Th>{t('worklist.phase')}</Table.Th>
                <Table.Th ta="right">{t('worklist.open')}</Table.Th>
                <Table.Th>{t('worklist.oldestDue')}</Table.Th>
                <Table.Th>{t('worklist.next')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r) => (
                <Table.Tr key={r.case.id} style={{ cursor: 'pointer' }} onClick={() => void navigate(`/agent/cases/${r.case.id}`)}>
                  <Table.Td>
                    <Group gap={6} wrap="nowrap">
                      <Text size="sm" fw={500}>
                        {r.debtorName}
                      </Text>
                      {r.due && (
                        <Badge size="xs" color={MEANING.due}>
                          {t('worklist.due')}
                        </Badge>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td>{r.brand.name}</Table.Td>
                  <Table.Td>
                    <Badge color={PHASE_COLOUR[r.case.phase] ?? 'gray'}>{common(`phase.${r.case.phase}`)}</Badge>
                  </Table.Td>
                  <Table.Td ta="right" style={{ fontVariantNumeric: 'tabular-nums' }}>
                    {f.money(r.case.balance.openMinor, r.case.balance.currency)}
                  </Table.Td>
                  <Table.Td>{f.date(r.case.oldestDueDate)}</Table.Td>
                  <Table.Td>{f.dateTime(r.case.nextActionAt)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollRegion>
      )}
    </>
  );
}
