import { useMutation } from '@apollo/client/react';
import { Alert, Button, Group, List, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../api/errors';
import type { CaseFileData } from '../cases';
import { useFormat } from '../format';
import { graphql } from '../gql';
import { MEANING } from '../theme';
import { useNotify } from './notify';
import { ReasonDialog } from './ReasonDialog';

const APPROVE = graphql(`
  mutation ClientPlanApprove($planId: ID!) {
    approvePaymentPlan(planId: $planId) {
      id
      status
    }
  }
`);

const REJECT = graphql(`
  mutation ClientPlanReject($planId: ID!, $reason: String!) {
    rejectPaymentPlan(planId: $planId, reason: $reason) {
      id
      status
    }
  }
`);

const REFETCH_CASE = { refetchQueries: ['CasesCaseFile'], awaitRefetchQueries: true };

/**
 * A payment plan on the client's case that waits for an approval (outside the client's own
 * limits): what it is, why it waits, and the client's "Approve plan" / "Reject plan" (a reason).
 * Nothing when no plan waits.
 */
export function PlanApproval({ data }: { data: CaseFileData }) {
  const { t } = useTranslation('plans');
  const f = useFormat();
  const notify = useNotify();
  const plan = data.paymentPlan;
  const [rejecting, setRejecting] = useState(false);
  const [approve, approved] = useMutation(APPROVE, REFETCH_CASE);
  if (!plan || plan.status !== 'pending' || data.phase === 'closed') return null;
  const instalments = plan.instalments.length;
  const last = plan.instalments[instalments - 1];
  const onApprove = async () => {
    const done = await approve({ variables: { planId: plan.id } }).catch(() => null);
    if (done?.data) notify(t('approved'));
  };
  return (
    <Alert color="orange" variant="light" title={t('pending')} role="region" aria-label={t('plan')} maw={760}>
      <Stack gap="xs">
        <Text size="sm">
          {t('total')}: {f.money(plan.totalMinor, plan.currency)} · {t('instalments')}: {instalments}
          {last && ` · ${f.date(plan.instalments[0]!.dueOn)} – ${f.date(last.dueOn)}`}
        </Text>
        {plan.outsideLimits.length > 0 && (
          <>
            <Text size="sm">{t('waitsBecause')}</Text>
            <List size="sm">
              {plan.outsideLimits.map((r) => (
                <List.Item key={r}>{r}</List.Item>
              ))}
            </List>
          </>
        )}
        {approved.error && (
          <Text size="sm" c="red.9" role="alert">
            {errorText(approved.error)}
          </Text>
        )}
        <Group gap="xs">
          <Button onClick={() => void onApprove()} loading={approved.loading}>
            {t('approve')}
          </Button>
          <Button variant="outline" color={MEANING.refused} onClick={() => setRejecting(true)}>
            {t('reject')}
          </Button>
        </Group>
      </Stack>
      {rejecting && <RejectDialog planId={plan.id} onClose={() => setRejecting(false)} />}
    </Alert>
  );
}

function RejectDialog({ planId, onClose }: { planId: string; onClose: () => void }) {
  const { t } = useTranslation('plans');
  const notify = useNotify();
  const [reject, { loading, error }] = useMutation(REJECT, REFETCH_CASE);
  const confirm = async (reason: string) => {
    const done = await reject({ variables: { planId, reason } }).catch(() => null);
    if (done?.data) notify(t('rejected'));
    return !!done?.data;
  };
  return (
    <ReasonDialog
      title={t('reject')}
      label={t('reason')}
      requiredText={t('reasonRequired')}
      submit={t('reject')}
      loading={loading}
      error={error}
      onConfirm={confirm}
      onClose={onClose}
    />
  );
}
