import { useMutation } from '@apollo/client/react';
import { Alert, Button, Group, List, Modal, Stack, Text, Textarea } from '@mantine/core';
import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText, fieldProblems } from '../api/errors';
import type { CaseFileData } from '../cases';
import { useFormat } from '../format';
import { graphql } from '../gql';
import { MEANING } from '../theme';
import { useNotify } from './notify';

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
  const { t: common } = useTranslation();
  const { t: client } = useTranslation('client');
  const notify = useNotify();
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState(false);
  const [reject, { loading, error }] = useMutation(REJECT, REFETCH_CASE);
  const problems = fieldProblems(error);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setTried(true);
    if (!reason.trim()) return;
    const done = await reject({ variables: { planId, reason: reason.trim() } }).catch(() => null);
    if (done?.data) {
      notify(t('rejected'));
      onClose();
    }
  }
  return (
    <Modal opened onClose={onClose} title={t('reject')} closeButtonProps={{ 'aria-label': client('case.close') }}>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Stack gap="sm">
          <Textarea
            label={t('reason')}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={(tried && !reason.trim() ? t('reasonRequired') : undefined) ?? problems.reason}
            required
            autosize
            minRows={2}
            data-autofocus
          />
          {error && !Object.keys(problems).length && (
            <Alert color="red" role="alert">
              {errorText(error)}
            </Alert>
          )}
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={onClose}>
              {common('cancel')}
            </Button>
            <Button type="submit" color={MEANING.refused} loading={loading}>
              {t('reject')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
