import { Badge, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Empty } from '../components/PageState';
import { ScrollRegion } from '../components/ScrollRegion';
import { useFormat } from '../format';
import { MEANING } from '../theme';
import type { CaseClaim, CasePayment } from './fragments';

const num = { fontVariantNumeric: 'tabular-nums' } as const;

/**
 * A case's payments as allocated (costs, interest, principal per claim, by the engine's rule);
 * reversed ones struck with why. Give `claims` to name the invoices paid.
 */
export function PaymentsTable({ payments, claims = [] }: { payments: readonly CasePayment[]; claims?: readonly CaseClaim[] }) {
  const { t } = useTranslation('cases');
  const f = useFormat();
  if (!payments.length) return <Empty title={t('payments.empty')} />;
  const invoice = new Map(claims.map((c) => [c.id, c.invoiceNumber]));
  return (
    <ScrollRegion label={t('payments.title')} maxHeight="320px">
      <Table className="sticky-head" aria-label={t('payments.title')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('payments.received')}</Table.Th>
            <Table.Th ta="right">{t('payments.amount')}</Table.Th>
            <Table.Th>{t('payments.source')}</Table.Th>
            <Table.Th>{t('payments.payer')}</Table.Th>
            <Table.Th>{t('payments.allocation')}</Table.Th>
            <Table.Th>{t('payments.status')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {payments.map((p) => {
            const a = p.allocation;
            const principal = a?.principal.reduce((n, x) => n + BigInt(x.amountMinor), 0n) ?? 0n;
            const reversed = p.status === 'reversed';
            return (
              <Table.Tr key={p.id}>
                <Table.Td>{f.date(p.receivedOn)}</Table.Td>
                <Table.Td ta="right" style={{ ...num, textDecoration: reversed ? 'line-through' : undefined }}>
                  {f.money(p.amountMinor, p.currency)}
                </Table.Td>
                <Table.Td>
                  {t(`payments.sourceValue.${p.source}`, { defaultValue: p.source })}
                  {p.direct && (
                    <Text size="xs" c="dimmed">
                      {t('payments.direct')}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{p.payerName ?? '—'}</Table.Td>
                <Table.Td>
                  {a ? (
                    <>
                      <Text size="sm">
                        {t('payments.allocationText', {
                          costs: f.money(a.costsMinor, p.currency),
                          interest: f.money(a.interestMinor, p.currency),
                          principal: f.money(principal, p.currency),
                        })}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {a.principal
                          .filter((x) => x.amountMinor !== '0')
                          .map((x) => `${invoice.get(x.claimId) ?? x.claimId.slice(0, 8)} ${f.money(x.amountMinor, p.currency)}`)
                          .join(' · ')}
                        {a.unallocatedMinor !== '0' &&
                          ` · ${t('payments.unallocated', { amount: f.money(a.unallocatedMinor, p.currency) })}`}
                        {` · ${a.rule}`}
                      </Text>
                    </>
                  ) : (
                    '—'
                  )}
                </Table.Td>
                <Table.Td>
                  <Badge size="sm" miw="max-content" color={reversed ? MEANING.refused : MEANING.paid}>
                    {t(`payments.statusValue.${p.status}`, { defaultValue: p.status })}
                  </Badge>
                  {p.reversal && (
                    <Text size="xs" c="dimmed">
                      {t('payments.reversed', { kind: p.reversal.kind, reason: p.reversal.reason })}
                    </Text>
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </ScrollRegion>
  );
}
