import { Box, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../format';
import type { DebtorPageQuery } from '../gql/graphql';
import { explanationFor, groupLines } from './statement-lines';
import { Section } from './Section';

type Statement = DebtorPageQuery['payLink'];
type Claim = Statement['claims'][number];
type Line = Statement['statement']['lines'][number];

/** The statement line by line as the engine explains it: each invoice with its interest and costs, the payments, the total. */
export function StatementSection({ statement }: { statement: Statement }) {
  const { t } = useTranslation('debtor');
  const f = useFormat();
  const s = statement.statement;
  const currency = s.currency;
  const grouped = groupLines(statement.claims, s.lines);
  const paid = BigInt(s.paidMinor);
  return (
    <Section id="statement" title={t('statement.title')}>
      <Stack gap="lg">
        {grouped.claims.map(({ claim, lines }) => (
          <Box key={claim.id}>
            <Title order={3} size="h4">
              {t('statement.invoice', { number: claim.invoiceNumber })}
            </Title>
            <Text size="sm" c="dimmed">
              {t('statement.invoiceDates', { issued: f.date(claim.issueDate), due: f.date(claim.dueDate) })}
            </Text>
            <Lines lines={lines} claims={statement.claims} currency={currency} />
            {claim.outstandingMinor !== claim.principalMinor && (
              <Text size="sm" ta="right">
                {t('statement.stillOpen', { amount: f.money(claim.outstandingMinor, claim.currency) })}
              </Text>
            )}
          </Box>
        ))}
        {grouped.other.length > 0 && (
          <Box>
            <Title order={3} size="h4">
              {t('statement.other')}
            </Title>
            <Lines lines={grouped.other} claims={statement.claims} currency={currency} />
          </Box>
        )}
        {grouped.payments.length > 0 && (
          <Box>
            <Title order={3} size="h4">
              {t('statement.payments')}
            </Title>
            <Lines lines={grouped.payments} claims={statement.claims} currency={currency} />
          </Box>
        )}
        <Box>
          <Title order={3} size="h4">
            {t('statement.summary')}
          </Title>
          <Table layout="fixed" withRowBorders>
            <SrHead />
            <Table.Tbody>
              <SumRow label={t('statement.totalPrincipal')} amount={f.money(s.principalMinor, currency)} />
              <SumRow label={t('statement.totalInterest')} amount={f.money(s.interestMinor, currency)} />
              <SumRow label={t('statement.totalDamages')} amount={f.money(s.damagesMinor, currency)} />
              {paid > 0n && <SumRow label={t('statement.totalPaid')} amount={f.money(-paid, currency)} />}
              <SumRow label={t('statement.total')} amount={f.money(statement.totalDueMinor, currency)} strong />
            </Table.Tbody>
          </Table>
        </Box>
      </Stack>
    </Section>
  );
}

/** Screen readers hear the two columns' names; on screen the lines speak for themselves. */
function SrHead() {
  const { t } = useTranslation('debtor');
  return (
    <Table.Thead>
      <Table.Tr>
        <Table.Th>
          <VisuallyHidden>{t('statement.what')}</VisuallyHidden>
        </Table.Th>
        <Table.Th w="40%">
          <VisuallyHidden>{t('statement.amount')}</VisuallyHidden>
        </Table.Th>
      </Table.Tr>
    </Table.Thead>
  );
}

function SumRow({ label, amount, strong }: { label: string; amount: string; strong?: boolean }) {
  return (
    <Table.Tr>
      <Table.Td fw={strong ? 700 : undefined} fz={strong ? 'lg' : undefined} px={0}>
        {label}
      </Table.Td>
      <Table.Td ta="right" fw={strong ? 700 : undefined} fz={strong ? 'lg' : undefined} px={0} style={{ whiteSpace: 'nowrap' }}>
        {amount}
      </Table.Td>
    </Table.Tr>
  );
}

function Lines({ lines, claims, currency }: { lines: Line[]; claims: Claim[]; currency: string }) {
  return (
    <Table layout="fixed" withRowBorders mt={4}>
      <SrHead />
      <Table.Tbody>
        {lines.map((line, i) => (
          <StatementRow key={i} line={line} claims={claims} currency={currency} />
        ))}
      </Table.Tbody>
    </Table>
  );
}

function StatementRow({ line, claims, currency }: { line: Line; claims: Claim[]; currency: string }) {
  const { t, i18n } = useTranslation('debtor');
  const f = useFormat();
  const date = line.date ? f.date(line.date) : null;
  const known = ['principal', 'interest', 'damages', 'payment'].includes(line.kind);
  const label =
    line.kind === 'principal'
      ? t('statement.principal')
      : line.kind === 'interest'
        ? date
          ? t('statement.interestFrom', { date })
          : t('statement.interest')
        : line.kind === 'damages'
          ? t('statement.damages')
          : line.kind === 'payment'
            ? date
              ? t('statement.paymentOn', { date })
              : t('statement.payment')
            : line.label;
  // A principal line's explanation is the invoice's dates, already above it in the debtor's language.
  const explained = line.kind !== 'principal' && line.explanation;
  const inEnglish = t('statement.inEnglish');
  // The explanation under the line across the whole width: the amounts column stays narrow and aligned.
  const flat = explained ? { style: { borderBottom: 'none' } } : {};
  return (
    <>
      <Table.Tr {...flat}>
        <Table.Td px={0} lang={known ? undefined : 'en'}>
          {label}
        </Table.Td>
        <Table.Td px={0} ta="right" style={{ whiteSpace: 'nowrap' }}>
          {f.money(line.amountMinor, currency)}
        </Table.Td>
      </Table.Tr>
      {explained && (
        <Table.Tr>
          <Table.Td colSpan={2} px={0} pt={0}>
            <details>
              <summary style={{ cursor: 'pointer' }}>
                <Text span size="sm">
                  {t('statement.how')}
                </Text>
              </summary>
              <Stack gap={2} pl="md" pt={4}>
                <Text size="sm" lang="en">
                  {explanationFor(line, claims)}
                </Text>
                {line.source && <Text size="sm">{t('statement.source', { source: line.source })}</Text>}
                {inEnglish && i18n.language !== 'en' && (
                  <Text size="xs" c="dimmed">
                    {inEnglish}
                  </Text>
                )}
              </Stack>
            </details>
          </Table.Td>
        </Table.Tr>
      )}
    </>
  );
}
