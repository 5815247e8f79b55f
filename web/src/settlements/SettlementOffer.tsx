import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, Button, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText, fieldProblems } from '../api/errors';
import type { CaseFileData } from '../cases';
import { minorOfTyped } from '../amount';
import { useFormat } from '../format';
import { graphql } from '../gql';
import { addMessages } from '../i18n';
import { settlementMessages } from './messages';

addMessages('settlements', settlementMessages);

const PENDING = graphql(`
  query SettlementAgentPending($caseId: ID!) {
    settlements(caseId: $caseId) {
      id
      status
      amountMinor
      currency
    }
  }
`);

const OFFER = graphql(`
  mutation SettlementAgentOffer($input: OfferSettlementInput!) {
    offerSettlement(input: $input) {
      id
      status
      amountMinor
      currency
      discountBp
      payBy
    }
  }
`);

/**
 * The agent records a debtor's settlement offer on its case: the amount and the day it is to be
 * paid by. Within the client's discount it is accepted at once; above it, it goes to the client.
 * While one is pending, the case says so instead.
 */
export function SettlementOffer({ caseId, openMinor, currency }: { caseId: string; openMinor: string; currency: string }) {
  const { t } = useTranslation('settlements');
  const f = useFormat();
  const { data } = useQuery(PENDING, { variables: { caseId } });
  const [offer, offered] = useMutation(OFFER, { refetchQueries: ['SettlementAgentPending', 'CasesCaseFile'], awaitRefetchQueries: true });
  const [amount, setAmount] = useState('');
  const [payBy, setPayBy] = useState('');
  const [note, setNote] = useState('');
  const [tried, setTried] = useState(false);
  const [result, setResult] = useState<string | null>(null);
  const pending = data?.settlements.find((s) => s.status === 'awaiting_client' || s.status === 'accepted');
  const minor = minorOfTyped(amount, currency);
  const problems = fieldProblems(offered.error);
  const amountProblem = tried && (!minor || BigInt(minor) >= BigInt(openMinor)) ? t('offer.problem.amount') : problems.amountMinor;
  const payByProblem = tried && !payBy ? t('offer.problem.payBy') : problems.payBy;

  async function send(e: FormEvent) {
    e.preventDefault();
    setTried(true);
    if (!minor || BigInt(minor) >= BigInt(openMinor) || !payBy) return;
    const done = await offer({ variables: { input: { caseId, amountMinor: minor, payBy, note: note.trim() || null } } }).catch(() => null);
    const s = done?.data?.offerSettlement;
    if (!s) return;
    setTried(false);
    setAmount('');
    setNote('');
    setResult(
      s.status === 'accepted'
        ? t('offer.accepted', { amount: f.money(s.amountMinor, s.currency), date: f.date(s.payBy) })
        : t('offer.waiting', { amount: f.money(s.amountMinor, s.currency), bp: s.discountBp / 100 }),
    );
  }

  return (
    <Paper withBorder p="sm" role="region" aria-label={t('offer.title')} maw={760}>
      <Stack gap="xs">
        <Title order={2} size="h5">
          {t('offer.title')}
        </Title>
        {result && (
          <Alert color="green" variant="light" role="status">
            {result}
          </Alert>
        )}
        {pending ? (
          <Text size="sm">
            {t('offer.pending', { amount: f.money(pending.amountMinor, pending.currency), status: t(`offer.status.${pending.status}`) })}
          </Text>
        ) : (
          <form onSubmit={(e) => void send(e)} noValidate>
            <Stack gap="xs">
              <Text size="sm">{t('offer.text', { open: f.money(openMinor, currency) })}</Text>
              <Group align="flex-start" grow>
                <TextInput
                  label={t('offer.amount')}
                  value={amount}
                  onChange={(e) => setAmount(e.currentTarget.value)}
                  error={amountProblem}
                  required
                />
                <TextInput
                  type="date"
                  label={t('offer.payBy')}
                  description={t('offer.payByHint')}
                  value={payBy}
                  onChange={(e) => setPayBy(e.currentTarget.value)}
                  error={payByProblem}
                  required
                />
              </Group>
              <TextInput label={t('offer.note')} value={note} onChange={(e) => setNote(e.currentTarget.value)} />
              {offered.error && Object.keys(problems).length === 0 && (
                <Text size="sm" c="red.9" role="alert">
                  {errorText(offered.error)}
                </Text>
              )}
              <Group>
                <Button type="submit" loading={offered.loading}>
                  {t('offer.submit')}
                </Button>
              </Group>
            </Stack>
          </form>
        )}
      </Stack>
    </Paper>
  );
}

/** The agent's case screen slot: the offer entry on an open case. */
export function AgentSettlementOffer({ data }: { data: CaseFileData }) {
  if (data.phase === 'closed') return null;
  return <SettlementOffer caseId={data.id} openMinor={data.balance.openMinor} currency={data.balance.currency} />;
}
