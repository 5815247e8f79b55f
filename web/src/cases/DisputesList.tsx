import { Badge, Stack, Table, Text } from '@mantine/core';
import { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Empty } from '../components/PageState';
import { ScrollRegion } from '../components/ScrollRegion';
import { useFormat } from '../format';
import { MEANING } from '../theme';
import type { CaseClaim, CaseDispute } from './fragments';

/** The colour of where a dispute stands. */
export function disputeColour(d: CaseDispute): string {
  if (d.status === 'resolved') return d.resolution?.outcome === 'rejected' ? 'gray.7' : MEANING.paid;
  if (d.overdue) return MEANING.overdue;
  return MEANING.disputed;
}

/**
 * A case's disputes, newest first: the claims, the debtor's reason, where it stands (the
 * client's answer due by when, overdue), the answer and the resolution with its credits.
 * `rowActions` adds an audience's buttons per dispute (answer, resolve).
 */
export function DisputesList({
  disputes,
  claims = [],
  currency = 'EUR',
  rowActions,
}: {
  disputes: readonly CaseDispute[];
  claims?: readonly CaseClaim[];
  currency?: string;
  rowActions?: (d: CaseDispute) => ReactNode;
}) {
  const { t } = useTranslation('cases');
  const f = useFormat();
  if (!disputes.length) return <Empty title={t('disputes.empty')} />;
  const invoice = new Map(claims.map((c) => [c.id, c.invoiceNumber]));
  const newestFirst = [...disputes].sort((a, b) => b.raisedAt.localeCompare(a.raisedAt));
  return (
    <ScrollRegion label={t('disputes.title')} maxHeight="360px">
      <Table className="sticky-head" aria-label={t('disputes.title')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('disputes.raised')}</Table.Th>
            <Table.Th>{t('disputes.claims')}</Table.Th>
            <Table.Th>{t('disputes.reason')}</Table.Th>
            <Table.Th>{t('disputes.status')}</Table.Th>
            <Table.Th>{t('disputes.outcome')}</Table.Th>
            {rowActions && <Table.Th>{t('disputes.actions')}</Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {newestFirst.map((d) => (
            <Table.Tr key={d.id}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                {f.date(d.raisedAt)}
                <Text size="xs" c="dimmed">
                  {t(`disputes.by.${d.raisedBy}`, { defaultValue: d.raisedBy })} ·{' '}
                  {t(`disputes.channel.${d.channel}`, { defaultValue: d.channel })}
                </Text>
              </Table.Td>
              <Table.Td>{d.claimIds.map((id) => invoice.get(id) ?? id.slice(0, 8)).join(', ')}</Table.Td>
              <Table.Td>
                <Text size="sm">{t(`disputes.reasonValue.${d.reason}`, { defaultValue: d.reason })}</Text>
                {d.text && (
                  <Text size="xs" c="dimmed" style={{ whiteSpace: 'pre-wrap' }}>
                    “{d.text}”
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Stack gap={2}>
                  <Badge size="sm" miw="max-content" color={disputeColour(d)}>
                    {d.overdue ? t('disputes.overdue') : t(`disputes.statusValue.${d.status}`, { defaultValue: d.status })}
                  </Badge>
                  {d.status !== 'resolved' && (
                    <Text size="xs" c="dimmed">
                      {t('disputes.answerDue', { date: f.date(d.answerDueOn) })}
                    </Text>
                  )}
                </Stack>
              </Table.Td>
              <Table.Td>
                {d.answer && (
                  <Text size="xs">
                    {t('disputes.answer', { when: f.date(d.answer.at) })}
                    {d.answer.late && ` (${t('disputes.late')})`}: {d.answer.text}
                    {d.answer.proposedOutcome && ` → ${t(`disputes.outcomeValue.${d.answer.proposedOutcome}`)}`}
                  </Text>
                )}
                {d.resolution ? (
                  <>
                    <Text size="sm" fw={500}>
                      {t(`disputes.outcomeValue.${d.resolution.outcome}`, { defaultValue: d.resolution.outcome })} ·{' '}
                      {f.date(d.resolution.at)}
                    </Text>
                    {d.resolution.credits.length > 0 && (
                      <Text size="xs">
                        {t('disputes.credited')}{' '}
                        {d.resolution.credits
                          .map((c) => `${invoice.get(c.claimId) ?? c.claimId.slice(0, 8)} ${f.money(c.amountMinor, currency)}`)
                          .join(', ')}
                      </Text>
                    )}
                    <Text size="xs" c="dimmed">
                      {d.resolution.explanation}
                    </Text>
                  </>
                ) : (
                  !d.answer && '—'
                )}
              </Table.Td>
              {rowActions && <Table.Td>{rowActions(d)}</Table.Td>}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollRegion>
  );
}
