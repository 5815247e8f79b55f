import { useMutation, useQuery } from '@apollo/client/react';
import { Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../api/errors';
import { useFormat } from '../format';
import { graphql } from '../gql';
import { addMessages } from '../i18n';
import { escalationMessages } from '../legal/escalation-messages';
import { MEANING } from '../theme';
import { useNotify } from './notify';
import { ReasonDialog } from './ReasonDialog';

addMessages('escalation', escalationMessages);

const PROPOSAL = graphql(`
  query ClientEscalation($id: ID!) {
    case(id: $id) {
      id
      escalation {
        caseId
        proposal {
          id
          status
          reason
          proposedAt
          estimate {
            route
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

const APPROVE = graphql(`
  mutation ClientEscalationApprove($caseId: ID!) {
    approveEscalation(caseId: $caseId) {
      caseId
      proposal {
        id
        status
      }
    }
  }
`);

const DECLINE = graphql(`
  mutation ClientEscalationDecline($caseId: ID!, $reason: String!) {
    declineEscalation(caseId: $caseId, reason: $reason) {
      caseId
      proposal {
        id
        status
      }
    }
  }
`);

const REFETCH = { refetchQueries: ['ClientEscalation', 'CasesCaseFile'], awaitRefetchQueries: true };

/**
 * A proposed escalation waiting for the client's approval (its instruction): the route and its
 * cost against the expected recovery, "Approve escalation" or "Decline" with a reason. Nothing
 * when no proposal waits for the client.
 */
export function EscalationApproval({ caseId }: { caseId: string }) {
  const { t } = useTranslation('escalation');
  const f = useFormat();
  const notify = useNotify();
  const [declining, setDeclining] = useState(false);
  const { data } = useQuery(PROPOSAL, { variables: { id: caseId } });
  const [approve, approved] = useMutation(APPROVE, REFETCH);
  const p = data?.case?.escalation?.proposal;
  if (!p || p.status !== 'awaiting_client') return null;
  const onApprove = async () => {
    const done = await approve({ variables: { caseId } }).catch(() => null);
    if (done?.data) notify(t('approved'));
  };
  const cur = p.estimate.currency;
  return (
    <Paper withBorder p="sm" role="region" aria-label={t('title')} maw={760}>
      <Stack gap="xs">
        <Title order={2} size="h5">
          {t('clientTitle')}
        </Title>
        <Text size="sm">{t('clientText')}</Text>
        <Text size="sm">
          {p.estimate.route} ·{' '}
          {t('costs', { court: f.money(p.estimate.courtCostsMinor, cur), bailiff: f.money(p.estimate.bailiffCostsMinor, cur) })}
        </Text>
        <Text size="sm">
          {t('recovery', {
            expected: f.money(p.estimate.expectedRecoveryMinor, cur),
            rate: p.estimate.recoveryRateBp / 100,
            open: f.money(p.estimate.openMinor, cur),
            net: f.money(p.estimate.netMinor, cur),
          })}
        </Text>
        {approved.error && (
          <Text size="sm" c="red.9" role="alert">
            {errorText(approved.error)}
          </Text>
        )}
        <Group gap="xs">
          <Button onClick={() => void onApprove()} loading={approved.loading}>
            {t('approve')}
          </Button>
          <Button variant="outline" color={MEANING.refused} onClick={() => setDeclining(true)}>
            {t('decline')}
          </Button>
        </Group>
      </Stack>
      {declining && <DeclineDialog caseId={caseId} onClose={() => setDeclining(false)} />}
    </Paper>
  );
}

function DeclineDialog({ caseId, onClose }: { caseId: string; onClose: () => void }) {
  const { t } = useTranslation('escalation');
  const notify = useNotify();
  const [decline, { loading, error }] = useMutation(DECLINE, REFETCH);
  const confirm = async (reason: string) => {
    const done = await decline({ variables: { caseId, reason } }).catch(() => null);
    if (done?.data) notify(t('declined'));
    return !!done?.data;
  };
  return (
    <ReasonDialog
      title={t('decline')}
      label={t('declineReason')}
      requiredText={t('reasonRequired')}
      submit={t('decline')}
      loading={loading}
      error={error}
      onConfirm={confirm}
      onClose={onClose}
    />
  );
}
