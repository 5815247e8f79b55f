import { useMutation, useQuery } from '@apollo/client/react';
import { Badge, Button, Group, Paper, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { errorText, fieldProblems } from '../api/errors';
import { ScrollRegion } from '../components/ScrollRegion';
import { useFormat } from '../format';
import { graphql } from '../gql';
import { addMessages } from '../i18n';
import { MEANING } from '../theme';
import { escalationMessages } from './escalation-messages';
import { Notice } from './Notice';

addMessages('escalation', escalationMessages);

const ESCALATION = graphql(`
  query LegalEscalation($id: ID!) {
    case(id: $id) {
      id
      phase
      escalation {
        caseId
        eligibility {
          eligible
          eligibleFrom
          conditions {
            key
            met
            rule
            source
            detail
            metFrom
          }
        }
        proposal {
          id
          proposedAt
          by
          reason
          status
          approval
          estimate {
            route
            routeSource
            currency
            courtCostsMinor
            bailiffCostsMinor
            openMinor
            recoveryRateBp
            expectedRecoveryMinor
            netMinor
          }
        }
      }
    }
  }
`);

const ACCEPT = graphql(`
  mutation LegalEscalationAccept($caseId: ID!) {
    acceptEscalation(caseId: $caseId) {
      caseId
    }
  }
`);

const RETURN = graphql(`
  mutation LegalEscalationReturn($caseId: ID!, $reason: String!) {
    returnToAmicable(caseId: $caseId, reason: $reason) {
      caseId
    }
  }
`);

const REFETCH = { refetchQueries: ['CasesCaseFile', 'LegalEscalation', 'LegalCaseAssessment', 'LegalQueue'], awaitRefetchQueries: true };

/**
 * A case in legal review: may it go (each condition with its rule and source, and from when),
 * the proposal with its cost–benefit estimate, and legal staff's decision — accept into legal, or
 * send it back to the agents with a reason.
 */
export function EscalationDecision({ caseId }: { caseId: string }) {
  const { t } = useTranslation('legal');
  const { t: e } = useTranslation('escalation');
  const f = useFormat();
  const navigate = useNavigate();
  const [reason, setReason] = useState('');
  const { data } = useQuery(ESCALATION, { variables: { id: caseId } });
  const [accept, accepted] = useMutation(ACCEPT, REFETCH);
  // Sent back, the case leaves legal staff's sight: its own queries are not refetched (they would find nothing).
  const [send, sent] = useMutation(RETURN, { refetchQueries: ['LegalQueue'] });
  const error = accepted.error ?? sent.error;
  const problems = fieldProblems(sent.error);
  const fieldError = problems.reason;
  const otherError = error && !fieldError ? errorText(error) : null;
  const esc = data?.case?.escalation;
  const p = esc?.proposal;
  const back = async () => {
    const r = await send({ variables: { caseId, reason: reason.trim() } }).catch(() => null);
    // Back with the agents, the case leaves the legal staff's sight: back to the queue.
    if (r?.data) void navigate('/legal');
  };
  return (
    <Paper withBorder p="sm">
      <Stack gap="xs">
        <Title order={2} size="h5">
          {t('decision.title')}
        </Title>
        {esc && (
          <>
            <Group gap="xs">
              <Badge color={esc.eligibility.eligible ? MEANING.paid : MEANING.refused}>
                {esc.eligibility.eligible ? e('eligible') : e('notEligible')}
              </Badge>
              {esc.eligibility.eligibleFrom && <Text size="sm">{e('eligibleFrom', { date: f.date(esc.eligibility.eligibleFrom) })}</Text>}
            </Group>
            <EscalationConditions conditions={esc.eligibility.conditions} />
            {p && (
              <Stack gap={2}>
                <Text size="sm">
                  {e('proposal', { date: f.date(String(p.proposedAt)), by: p.by, reason: p.reason })} — {e(`status.${p.status}`)}
                </Text>
                <Text size="sm">
                  {e('route')}: {p.estimate.route} ({p.estimate.routeSource}) ·{' '}
                  {e('costs', {
                    court: f.money(p.estimate.courtCostsMinor, p.estimate.currency),
                    bailiff: f.money(p.estimate.bailiffCostsMinor, p.estimate.currency),
                  })}
                </Text>
                <Text size="sm">
                  {e('recovery', {
                    expected: f.money(p.estimate.expectedRecoveryMinor, p.estimate.currency),
                    rate: p.estimate.recoveryRateBp / 100,
                    open: f.money(p.estimate.openMinor, p.estimate.currency),
                    net: f.money(p.estimate.netMinor, p.estimate.currency),
                  })}
                </Text>
              </Stack>
            )}
          </>
        )}
        <Text size="sm" c="dimmed">
          {t('decision.text')}
        </Text>
        <Textarea
          label={t('decision.reason')}
          description={t('decision.reasonHint')}
          autosize
          minRows={2}
          value={reason}
          onChange={(ev) => setReason(ev.currentTarget.value)}
          error={fieldError}
        />
        {otherError && (
          <Notice tone="error" role="alert">
            {otherError}
          </Notice>
        )}
        <Group gap="xs">
          <Button loading={accepted.loading} onClick={() => void accept({ variables: { caseId } }).catch(() => null)}>
            {e('accept')}
          </Button>
          <Button loading={sent.loading} variant="default" onClick={() => void back()}>
            {t('decision.toAmicable')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

interface ConditionRow {
  key: string;
  met: boolean;
  rule: string;
  source: string;
  detail: string;
  metFrom?: string | null;
}

/** The conditions of an escalation as a table: each with its rule and source, what was found and from when. */
export function EscalationConditions({ conditions }: { conditions: readonly ConditionRow[] }) {
  const { t: e } = useTranslation('escalation');
  const f = useFormat();
  return (
    <ScrollRegion label={e('conditions')}>
      <Table aria-label={e('conditions')} striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{e('condition')}</Table.Th>
            <Table.Th>{e('met')}</Table.Th>
            <Table.Th>{e('rule')}</Table.Th>
            <Table.Th>{e('detail')}</Table.Th>
            <Table.Th>{e('metFrom')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {conditions.map((c) => (
            <Table.Tr key={c.key}>
              <Table.Td>{e(`key.${c.key}`)}</Table.Td>
              <Table.Td>
                <Badge color={c.met ? MEANING.paid : MEANING.refused}>{c.met ? e('met') : e('unmet')}</Badge>
              </Table.Td>
              <Table.Td>
                <Text size="sm" fw={600}>
                  {c.rule}
                </Text>
                <Text size="xs">{c.source}</Text>
              </Table.Td>
              <Table.Td>{c.detail}</Table.Td>
              <Table.Td>{c.metFrom ? f.date(c.metFrom) : '—'}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollRegion>
  );
}

/** A case's eligibility in one cell of the legal queue: met, or the rules still unmet. */
export function EscalationCell({
  eligibility,
}: {
  eligibility: { eligible: boolean; conditions: readonly { key: string; met: boolean; rule: string }[] } | null;
}) {
  const { t: e } = useTranslation('escalation');
  if (!eligibility) return <Text size="sm">—</Text>;
  const unmet = eligibility.conditions.filter((c) => !c.met);
  return (
    <Stack gap={2}>
      <Badge color={eligibility.eligible ? MEANING.paid : MEANING.refused}>{eligibility.eligible ? e('eligible') : e('notEligible')}</Badge>
      {unmet.map((c) => (
        <Text key={c.key} size="xs">
          {c.rule}: {e(`key.${c.key}`)}
        </Text>
      ))}
    </Stack>
  );
}
