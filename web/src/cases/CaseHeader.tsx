import { Badge, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../format';
import { MEANING, PHASE_COLOUR } from '../theme';
import type { CaseHeaderData } from './fragments';

/** A label above its value, dense. */
export function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </div>
  );
}

/** The balance in one row: principal, interest, costs, paid and (bold) open. */
export function BalanceSummary({ balance }: { balance: CaseHeaderData['balance'] }) {
  const { t } = useTranslation('cases');
  const f = useFormat();
  const parts = [
    ['principal', balance.principalMinor],
    ['interest', balance.interestMinor],
    ['costs', balance.costsMinor],
    ['paid', balance.paidMinor],
  ] as const;
  return (
    <Group gap="lg" role="group" aria-label={t('balance.title')} wrap="wrap">
      {parts.map(([key, minor]) => (
        <Fact key={key} label={t(`balance.${key}`)}>
          <span style={{ fontVariantNumeric: 'tabular-nums' }}>{f.money(minor, balance.currency)}</span>
        </Fact>
      ))}
      <Fact label={t('balance.open')}>
        <Text span fw={700} size="lg" style={{ fontVariantNumeric: 'tabular-nums' }} data-testid="balance-open">
          {f.money(balance.openMinor, balance.currency)}
        </Text>
      </Fact>
    </Group>
  );
}

/**
 * The top of a case: debtor, brand, phase, hold, balances and contacts. `actions` is the
 * audience's own buttons (shown beside the debtor's name); `children` goes under the facts.
 */
export function CaseHeader({ data, actions, children }: { data: CaseHeaderData; actions?: ReactNode; children?: ReactNode }) {
  const { t } = useTranslation('cases');
  const { t: common } = useTranslation();
  const f = useFormat();
  const debtor = data.debtor;
  const onHold = data.holdUntil && data.phase !== 'closed';
  return (
    <Stack gap="sm" mb="md">
      <Group justify="space-between" align="flex-start" wrap="wrap">
        <div>
          <Group gap="xs" wrap="wrap">
            <Title order={1} size="h3">
              {debtor?.name ?? '—'}
            </Title>
            <Badge color={PHASE_COLOUR[data.phase] ?? 'gray'}>{common(`phase.${data.phase}`, { defaultValue: data.phase })}</Badge>
            {onHold && (
              <Badge color={MEANING.hold} data-testid="hold-badge">
                {t('header.onHold', { date: f.date(data.holdUntil) })}
              </Badge>
            )}
            {data.outcome && (
              <Badge color={data.outcome === 'paid' ? MEANING.paid : 'gray.7'}>{t('header.closed', { outcome: data.outcome })}</Badge>
            )}
          </Group>
          <Text size="sm" c="dimmed">
            {data.brand?.name ?? '—'}
            {debtor && ` · ${t(`header.kind.${debtor.kind}`, { defaultValue: debtor.kind })}`}
            {data.paymentReference && ` · ${t('header.caseNumber')} ${data.paymentReference.caseNumber}`}
          </Text>
          {onHold && data.holdReason && (
            <Text size="sm" mt={2}>
              {data.holdReason}
            </Text>
          )}
        </div>
        {actions && <Group gap="xs">{actions}</Group>}
      </Group>
      <BalanceSummary balance={data.balance} />
      <SimpleGrid cols={{ base: 2, md: 4, lg: 6 }} spacing="sm" verticalSpacing="xs">
        <Fact label={t('header.phones')}>{debtor?.phones.length ? debtor.phones.join(', ') : t('header.none')}</Fact>
        <Fact label={t('header.emails')}>{debtor?.emails.length ? debtor.emails.join(', ') : t('header.none')}</Fact>
        <Fact label={t('header.address')}>
          {debtor?.addresses.length
            ? debtor.addresses.map((a, i) => <div key={i}>{[...a.lines, `${a.postcode} ${a.city}`, a.country].join(', ')}</div>)
            : t('header.none')}
        </Fact>
        <Fact label={t('header.language')}>
          {debtor?.language.toUpperCase() ?? '—'}
          {debtor?.preferredChannel &&
            ` · ${t(`communications.channelValue.${debtor.preferredChannel}`, { defaultValue: debtor.preferredChannel })}`}
        </Fact>
        <Fact label={t('header.oldestDue')}>{f.date(data.oldestDueDate)}</Fact>
        <Fact label={t('header.nextAction')}>{f.dateTime(data.nextActionAt)}</Fact>
        {debtor?.clientReference && <Fact label={t('header.reference')}>{debtor.clientReference}</Fact>}
        {debtor?.vatNumber && <Fact label={t('header.vat')}>{debtor.vatNumber}</Fact>}
        <Fact label={t('header.opened')}>{f.date(data.openedAt)}</Fact>
        {data.paymentReference && (
          <Fact label={t('header.paymentReference')}>
            <span style={{ fontFamily: 'monospace' }}>{data.paymentReference.ogm}</span>
          </Fact>
        )}
      </SimpleGrid>
      {children}
    </Stack>
  );
}
