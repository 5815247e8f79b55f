import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, Button, Loader, Paper, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText, fieldProblems } from '../api/errors';
import { useFormat } from '../format';
import { graphql } from '../gql';
import type { BrandColours } from './brand-colours';

/** Paying online through the agency's payment provider (cases: startOnlinePayment, then the provider's checkout). */
const START = graphql(`
  mutation DebtorStartOnlinePayment($token: String!, $amountMinor: String!) {
    startOnlinePayment(token: $token, amountMinor: $amountMinor) {
      id
      status
      checkoutUrl
      failure
    }
  }
`);

const STATUS = graphql(`
  query DebtorOnlinePayment($token: String!, $id: ID!) {
    onlinePayment(token: $token, id: $id) {
      id
      status
      amountMinor
      currency
      method
      failure
    }
  }
`);

/** The provider's states that will not change any more. */
const FINAL = new Set(['paid', 'canceled', 'expired', 'failed', 'not_started']);

/** The button that takes the debtor to the provider's checkout for the amount chosen (null: none chosen yet). */
export function OnlinePayButton({ token, amountMinor, colours }: { token: string; amountMinor: string | null; colours: BrandColours }) {
  const { t } = useTranslation('debtor');
  const [start, { loading, error, data }] = useMutation(START);
  const refused = data?.startOnlinePayment.status === 'not_started' ? (data.startOnlinePayment.failure ?? t('online.unavailable')) : null;
  async function go() {
    if (!amountMinor) return;
    const started = await start({ variables: { token, amountMinor } }).catch(() => null);
    const url = started?.data?.startOnlinePayment.checkoutUrl;
    if (url) window.location.assign(url);
  }
  const problem = error ? (fieldProblems(error).amountMinor ?? errorText(error)) : refused;
  return (
    <Stack gap={6}>
      <Button
        size="md"
        fullWidth
        loading={loading}
        disabled={!amountMinor}
        onClick={() => void go()}
        vars={() => ({ root: { '--button-bg': colours.primary, '--button-hover': colours.primary, '--button-color': colours.onPrimary } })}
      >
        {t('online.button')}
      </Button>
      <Text size="sm" ta="center">
        {t('online.methods')}
      </Text>
      {problem && (
        <Alert color="red" role="alert" p="xs">
          <Text size="sm">{problem}</Text>
        </Alert>
      )}
    </Stack>
  );
}

/**
 * Back from the provider's checkout (`?onlinePayment=<id>`): what became of the payment, asked
 * until it is final; once paid, the statement is asked again.
 */
export function OnlinePaymentOutcome({ token, id, onPaid }: { token: string; id: string; onPaid: () => void }) {
  const { t } = useTranslation('debtor');
  const f = useFormat();
  const { data, error, startPolling, stopPolling } = useQuery(STATUS, { variables: { token, id }, fetchPolicy: 'network-only' });
  const payment = data?.onlinePayment;
  const final = payment ? FINAL.has(payment.status) : false;
  useEffect(() => {
    if (final) stopPolling();
    else startPolling(1500);
    return () => stopPolling();
  }, [final, startPolling, stopPolling]);
  useEffect(() => {
    if (payment?.status === 'paid') onPaid();
  }, [payment?.status]); // once per outcome
  if (error) return null; // a payment of another link is simply not shown
  if (!payment) return null;
  const amount = f.money(payment.amountMinor, payment.currency);
  if (payment.status === 'paid')
    return (
      <OnWhite>
        <Alert color="teal" title={t('online.paidTitle')} role="status">
          {t('online.paidText', { amount })}
        </Alert>
      </OnWhite>
    );
  if (final)
    return (
      <OnWhite>
        <Alert color="red" title={t('online.notPaidTitle')} role="status">
          {t('online.notPaidText', { amount })}
        </Alert>
      </OnWhite>
    );
  return (
    <OnWhite>
      <Alert color="blue" title={t('online.waitingTitle')} role="status" icon={<Loader size="xs" />}>
        {t('online.waitingText', { amount })}
      </Alert>
    </OnWhite>
  );
}

/** The page's background is the brand's colour: an alert's pale tint sits on white to stay readable. */
const OnWhite = ({ children }: { children: ReactNode }) => (
  <Paper radius="md" withBorder>
    {children}
  </Paper>
);
