import { useQuery } from '@apollo/client/react';
import { Badge, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Empty, ErrorState, Loading } from '../components/PageState';
import { ScrollRegion } from '../components/ScrollRegion';
import { useFormat } from '../format';
import { graphql } from '../gql';
import type { CasesCallsQuery } from '../gql/graphql';
import { MEANING } from '../theme';

export const CASES_CALLS = graphql(`
  query CasesCalls($caseId: ID!) {
    calls(caseId: $caseId) {
      id
      caseId
      agentId
      number
      direction
      outcome
      startedAt
      durationSeconds
      notes
      callBackAt
      promiseAmountMinor
      promiseCurrency
      promiseDueDate
    }
  }
`);

export type CaseCall = CasesCallsQuery['calls'][number];

const OUTCOME_COLOUR: Record<string, string> = {
  promise_to_pay: MEANING.paid,
  dispute_raised: MEANING.disputed,
  wrong_number: MEANING.refused,
  call_back: MEANING.due,
};

/** A case's calls, newest first: outcome, the promise (amount by date) or call-back, notes. */
export function CallsTable({ calls }: { calls: readonly CaseCall[] }) {
  const { t } = useTranslation('cases');
  const f = useFormat();
  if (!calls.length) return <Empty title={t('calls.empty')} />;
  const newestFirst = [...calls].sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  return (
    <ScrollRegion label={t('calls.title')} maxHeight="320px">
      <Table className="sticky-head" aria-label={t('calls.title')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('calls.when')}</Table.Th>
            <Table.Th>{t('calls.number')}</Table.Th>
            <Table.Th>{t('calls.direction')}</Table.Th>
            <Table.Th>{t('calls.outcome')}</Table.Th>
            <Table.Th>{t('calls.promise')}</Table.Th>
            <Table.Th>{t('calls.notes')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {newestFirst.map((c) => (
            <Table.Tr key={c.id}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{f.dateTime(c.startedAt)}</Table.Td>
              <Table.Td>{c.number}</Table.Td>
              <Table.Td>{t(`calls.directionValue.${c.direction}`, { defaultValue: c.direction })}</Table.Td>
              <Table.Td>
                <Badge size="sm" miw="max-content" color={OUTCOME_COLOUR[c.outcome] ?? MEANING.info}>
                  {t(`calls.outcomeValue.${c.outcome}`, { defaultValue: c.outcome })}
                </Badge>
              </Table.Td>
              <Table.Td style={{ fontVariantNumeric: 'tabular-nums' }}>
                {c.promiseAmountMinor && c.promiseCurrency
                  ? t('calls.promiseText', { amount: f.money(c.promiseAmountMinor, c.promiseCurrency), date: f.date(c.promiseDueDate) })
                  : c.callBackAt
                    ? t('calls.callBack', { when: f.dateTime(c.callBackAt) })
                    : '—'}
              </Table.Td>
              <Table.Td>
                <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                  {c.notes ?? '—'}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollRegion>
  );
}

/** The calls of a case, asked for by its id. */
export function CallsList({ caseId }: { caseId: string }) {
  const { data, loading, error, refetch } = useQuery(CASES_CALLS, { variables: { caseId } });
  if (error) return <ErrorState error={error} onRetry={() => void refetch()} />;
  if (loading && !data) return <Loading />;
  return <CallsTable calls={data?.calls ?? []} />;
}
