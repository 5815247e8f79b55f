import { Badge, Group, List, Stack, Table, Text, Title } from '@mantine/core';
import { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Empty } from '../components/PageState';
import { ScrollRegion } from '../components/ScrollRegion';
import { useFormat } from '../format';
import { graphql } from '../gql';
import type { CasesPlanFragment } from '../gql/graphql';
import { addMessages } from '../i18n';
import { MEANING } from '../theme';
import { CaseSection } from './CaseSection';
import { planMessages } from './plan-messages';

addMessages('plans', planMessages);

/** The plan in force or last ended, the promises to pay, and how many the debtor broke. */
export const CASES_PLAN = graphql(`
  fragment CasesPlan on Case {
    id
    brokenPromises
    paymentPlan {
      id
      caseId
      status
      totalMinor
      currency
      paidMinor
      graceDays
      outsideLimits
      source
      proposedOn
      agreement
      decidedAt
      decisionReason
      missedSeq
      endedOn
      paymentReference {
        ogm
        rf
      }
      instalments {
        seq
        dueOn
        amountMinor
        downPayment
        paidMinor
        status
      }
    }
    promises {
      id
      amountMinor
      currency
      dueOn
      madeOn
      source
      status
      paidMinor
    }
  }
`);

export type CasePlanData = CasesPlanFragment;
export type CasePaymentPlan = NonNullable<CasesPlanFragment['paymentPlan']>;

/** The colour of an instalment's standing (paid, partly paid, due, missed, upcoming). */
export const INSTALMENT_COLOUR: Record<string, string> = {
  paid: MEANING.paid,
  partly_paid: MEANING.info,
  due: MEANING.due,
  missed: MEANING.overdue,
  upcoming: MEANING.hold,
};
const PLAN_COLOUR: Record<string, string> = {
  pending: MEANING.due,
  agreed: MEANING.info,
  completed: MEANING.paid,
  broken: MEANING.overdue,
  rejected: MEANING.hold,
};
const PROMISE_COLOUR: Record<string, string> = { open: MEANING.info, kept: MEANING.paid, broken: MEANING.overdue, replaced: MEANING.hold };

/**
 * The case's "Plan and promises": the latest plan (status, total, paid so far, grace days, each
 * instalment's standing in its colour; why it waits, why it was rejected or broke), the promises
 * to pay newest first, and the count of broken ones. `actions` holds an audience's buttons
 * (propose, promise, approve, reject).
 */
export function PlanPanel({ data, actions }: { data: CasePlanData; actions?: ReactNode }) {
  const { t } = useTranslation('plans');
  const f = useFormat();
  const plan = data.paymentPlan;
  const promises = [...data.promises].sort((a, b) => b.madeOn.localeCompare(a.madeOn) || b.dueOn.localeCompare(a.dueOn));
  const broken = data.brokenPromises ?? 0;
  return (
    <CaseSection id="plan" title={t('title')} actions={actions}>
      {!plan && !promises.length ? (
        <Empty title={t('empty')}>{t('emptyText')}</Empty>
      ) : (
        <Stack gap="sm">
          {plan && <PlanView plan={plan} />}
          <Group justify="space-between" align="baseline">
            <Title order={3} size="h6">
              {t('promises')}
            </Title>
            {broken > 0 && (
              <Badge size="sm" color={MEANING.overdue}>
                {t('broken', { count: broken })}
              </Badge>
            )}
          </Group>
          {promises.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('noPromises')}
            </Text>
          ) : (
            <Table aria-label={t('promises')}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('promiseMade')}</Table.Th>
                  <Table.Th>{t('dueOn')}</Table.Th>
                  <Table.Th style={{ textAlign: 'right' }}>{t('amount')}</Table.Th>
                  <Table.Th style={{ textAlign: 'right' }}>{t('covered')}</Table.Th>
                  <Table.Th>{t('status')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {promises.map((p) => (
                  <Table.Tr key={p.id}>
                    <Table.Td>
                      {f.date(p.madeOn)}
                      <Text size="xs" c="dimmed">
                        {t(`source.${p.source}`, { defaultValue: p.source })}
                      </Text>
                    </Table.Td>
                    <Table.Td>{f.date(p.dueOn)}</Table.Td>
                    <Table.Td style={{ textAlign: 'right', whiteSpace: 'nowrap' }}>{f.money(p.amountMinor, p.currency)}</Table.Td>
                    <Table.Td style={{ textAlign: 'right', whiteSpace: 'nowrap' }}>{f.money(p.paidMinor, p.currency)}</Table.Td>
                    <Table.Td>
                      <Badge size="sm" miw="max-content" color={PROMISE_COLOUR[p.status] ?? MEANING.hold}>
                        {t(`promiseStatus.${p.status}`, { defaultValue: p.status })}
                      </Badge>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Stack>
      )}
    </CaseSection>
  );
}

function PlanView({ plan }: { plan: CasePaymentPlan }) {
  const { t } = useTranslation('plans');
  const f = useFormat();
  const money = (m: string) => f.money(m, plan.currency);
  return (
    <Stack gap="xs">
      <Group gap="sm" align="baseline">
        <Title order={3} size="h6">
          {t('plan')}
        </Title>
        <Badge size="sm" color={PLAN_COLOUR[plan.status] ?? MEANING.hold} data-plan-status={plan.status}>
          {t(`planStatus.${plan.status}`, { defaultValue: plan.status })}
        </Badge>
        <Text size="xs" c="dimmed">
          {t('proposed', { date: f.date(plan.proposedOn) })} · {t(`source.${plan.source}`, { defaultValue: plan.source })}
          {plan.endedOn && ` · ${t('ended', { date: f.date(plan.endedOn) })}`}
        </Text>
      </Group>
      <Group gap="xl">
        <Text size="sm">
          {t('total')}: <b>{money(plan.totalMinor)}</b>
        </Text>
        <Text size="sm">
          {t('paid')}: <b>{money(plan.paidMinor)}</b>
        </Text>
        <Text size="sm">
          {t('grace')}: {t('graceValue', { count: plan.graceDays })}
        </Text>
        {plan.paymentReference && (
          <Text size="sm" data-testid="plan-reference">
            {t('reference')}: <b>{plan.paymentReference.ogm}</b> ({plan.paymentReference.rf})
          </Text>
        )}
      </Group>
      {plan.status === 'pending' && plan.outsideLimits.length > 0 && (
        <div role="note">
          <Text size="sm">{t('waitsBecause')}</Text>
          <List size="sm">
            {plan.outsideLimits.map((r) => (
              <List.Item key={r}>{r}</List.Item>
            ))}
          </List>
        </div>
      )}
      {plan.status === 'rejected' && plan.decisionReason && <Text size="sm">{t('rejectedBecause', { reason: plan.decisionReason })}</Text>}
      {plan.missedSeq != null && <Text size="sm">{t('missedSeq', { seq: plan.missedSeq })}</Text>}
      <ScrollRegion label={t('instalments')} maxHeight="320px">
        <Table className="sticky-head" aria-label={t('instalments')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('seq')}</Table.Th>
              <Table.Th>{t('dueOn')}</Table.Th>
              <Table.Th style={{ textAlign: 'right' }}>{t('amount')}</Table.Th>
              <Table.Th style={{ textAlign: 'right' }}>{t('covered')}</Table.Th>
              <Table.Th>{t('status')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {plan.instalments.map((i) => (
              <Table.Tr key={i.seq}>
                <Table.Td>{i.seq}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  {f.date(i.dueOn)}
                  {i.downPayment && (
                    <Text span size="xs" c="dimmed">
                      {' '}
                      ({t('downPayment')})
                    </Text>
                  )}
                </Table.Td>
                <Table.Td style={{ textAlign: 'right', whiteSpace: 'nowrap' }}>{money(i.amountMinor)}</Table.Td>
                <Table.Td style={{ textAlign: 'right', whiteSpace: 'nowrap' }}>{money(i.paidMinor)}</Table.Td>
                <Table.Td>
                  <Badge size="sm" miw="max-content" color={INSTALMENT_COLOUR[i.status] ?? MEANING.hold}>
                    {t(`instalmentStatus.${i.status}`, { defaultValue: i.status })}
                  </Badge>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollRegion>
    </Stack>
  );
}
