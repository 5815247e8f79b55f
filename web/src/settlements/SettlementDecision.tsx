import { useMutation, useQuery } from '@apollo/client/react';
import { Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../api/errors';
import { ReasonDialog } from '../client/ReasonDialog';
import { useNotify } from '../client/notify';
import { useFormat } from '../format';
import { graphql } from '../gql';
import { addMessages } from '../i18n';
import { MEANING } from '../theme';
import { settlementMessages } from './messages';

addMessages('settlements', settlementMessages);

const WAITING = graphql(`
  query SettlementClientWaiting($caseId: ID!) {
    settlements(caseId: $caseId, status: "awaiting_client") {
      id
      amountMinor
      balanceMinor
      currency
      discountBp
      byPlan
      payBy
    }
  }
`);

const DECIDE = graphql(`
  mutation SettlementClientDecide($id: ID!, $accept: Boolean!, $reason: String) {
    decideSettlement(settlementId: $id, accept: $accept, reason: $reason) {
      id
      status
    }
  }
`);

const REFETCH = { refetchQueries: ['SettlementClientWaiting', 'CasesCaseFile', 'SettlementClientInstructions'], awaitRefetchQueries: true };

/**
 * The settlements on the client's case above its terms, waiting for its decision: the offer
 * against the balance, "Accept settlement" or "Decline" with a reason. Nothing when none waits.
 */
export function SettlementDecision({ caseId }: { caseId: string }) {
  const { t } = useTranslation('settlements');
  const f = useFormat();
  const notify = useNotify();
  const { data } = useQuery(WAITING, { variables: { caseId } });
  const [decide, decided] = useMutation(DECIDE, REFETCH);
  const [declining, setDeclining] = useState<string | null>(null);
  const waiting = data?.settlements ?? [];
  if (waiting.length === 0) return null;
  const accept = async (id: string) => {
    const done = await decide({ variables: { id, accept: true } }).catch(() => null);
    if (done?.data) notify(t('decide.accepted'));
  };
  return (
    <>
      {waiting.map((s) => (
        <Paper key={s.id} withBorder p="sm" role="region" aria-label={t('decide.title')} maw={760}>
          <Stack gap="xs">
            <Title order={2} size="h5">
              {t('decide.title')}
            </Title>
            <Text size="sm">
              {t(s.byPlan ? 'decide.textPlan' : 'decide.text', {
                amount: f.money(s.amountMinor, s.currency),
                balance: f.money(s.balanceMinor, s.currency),
                bp: s.discountBp / 100,
                date: f.date(s.payBy),
              })}
            </Text>
            {decided.error && (
              <Text size="sm" c="red.9" role="alert">
                {errorText(decided.error)}
              </Text>
            )}
            <Group gap="xs">
              <Button onClick={() => void accept(s.id)} loading={decided.loading}>
                {t('decide.accept')}
              </Button>
              <Button variant="outline" color={MEANING.refused} onClick={() => setDeclining(s.id)}>
                {t('decide.decline')}
              </Button>
            </Group>
          </Stack>
        </Paper>
      ))}
      {declining && <DeclineDialog id={declining} onClose={() => setDeclining(null)} />}
    </>
  );
}

function DeclineDialog({ id, onClose }: { id: string; onClose: () => void }) {
  const { t } = useTranslation('settlements');
  const notify = useNotify();
  const [decide, { loading, error }] = useMutation(DECIDE, REFETCH);
  const confirm = async (reason: string) => {
    const done = await decide({ variables: { id, accept: false, reason } }).catch(() => null);
    if (done?.data) notify(t('decide.declined'));
    return !!done?.data;
  };
  return (
    <ReasonDialog
      title={t('decide.decline')}
      label={t('decide.declineReason')}
      requiredText={t('decide.reasonRequired')}
      submit={t('decide.decline')}
      loading={loading}
      error={error}
      onConfirm={confirm}
      onClose={onClose}
    />
  );
}
