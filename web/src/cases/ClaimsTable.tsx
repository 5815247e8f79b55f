import { Badge, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Empty } from '../components/PageState';
import { ScrollRegion } from '../components/ScrollRegion';
import { useFormat } from '../format';
import { MEANING } from '../theme';
import type { CaseClaim } from './fragments';

const num = { fontVariantNumeric: 'tabular-nums' } as const;

/** A case's claims (invoices): dates, principal, clauses, first reminder, status. */
export function ClaimsTable({ claims }: { claims: readonly CaseClaim[] }) {
  const { t } = useTranslation('cases');
  const f = useFormat();
  if (!claims.length) return <Empty title={t('claims.empty')} />;
  return (
    <ScrollRegion label={t('claims.title')} maxHeight="320px">
      <Table className="sticky-head" aria-label={t('claims.title')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('claims.invoice')}</Table.Th>
            <Table.Th>{t('claims.issued')}</Table.Th>
            <Table.Th>{t('claims.due')}</Table.Th>
            <Table.Th ta="right">{t('claims.principal')}</Table.Th>
            <Table.Th>{t('claims.clauses')}</Table.Th>
            <Table.Th>{t('claims.firstReminder')}</Table.Th>
            <Table.Th>{t('claims.status')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {claims.map((c) => (
            <Table.Tr key={c.id}>
              <Table.Td>
                <Text size="sm" fw={500}>
                  {c.invoiceNumber}
                </Text>
                {c.description && (
                  <Text size="xs" c="dimmed">
                    {c.description}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>{f.date(c.issueDate)}</Table.Td>
              <Table.Td>{f.date(c.dueDate)}</Table.Td>
              <Table.Td ta="right" style={num}>
                {f.money(c.principalMinor, c.currency)}
                {c.creditedMinor !== '0' && (
                  <Text size="xs" c="dimmed">
                    {t('claims.credited', { amount: f.money(c.creditedMinor, c.currency) })}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                {[c.interestClause && t('claims.interestClause'), c.damagesClause && t('claims.damagesClause')]
                  .filter(Boolean)
                  .join(', ') || '—'}
              </Table.Td>
              <Table.Td>{f.date(c.firstReminderSentOn)}</Table.Td>
              <Table.Td>
                <Badge size="sm" miw="max-content" color={c.status === 'open' ? MEANING.info : 'gray.7'}>
                  {t(`claims.statusValue.${c.status}`, { defaultValue: c.status })}
                </Badge>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollRegion>
  );
}
