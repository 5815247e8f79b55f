import { useMutation, useQuery } from '@apollo/client/react';
import { Anchor, Button, Group, Paper, Stack, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { minorOfTyped } from '../amount';
import { errorText, fieldProblems } from '../api/errors';
import { useUser } from '../auth/session';
import { useNotify } from '../client/notify';
import { Empty, ErrorState, Loading } from '../components/PageState';
import { ScrollRegion } from '../components/ScrollRegion';
import { useFormat } from '../format';
import { graphql } from '../gql';
import { addMessages } from '../i18n';
import { settlementMessages } from './messages';

addMessages('settlements', settlementMessages);

const TO_DECIDE = graphql(`
  query SettlementClientToDecide($clientId: ID!) {
    settlements(status: "awaiting_client") {
      id
      caseId
      amountMinor
      balanceMinor
      currency
      discountBp
      offeredAt
      case {
        id
        debtor {
          name
        }
      }
    }
    client(id: $clientId) {
      id
      settlementTerms {
        maxDiscountBp
        minAmountMinor
      }
    }
  }
`);

const SET_TERMS = graphql(`
  mutation SettlementClientSetTerms($clientId: ID!, $maxDiscountBp: Int!, $minAmountMinor: String) {
    setSettlementTerms(clientId: $clientId, maxDiscountBp: $maxDiscountBp, minAmountMinor: $minAmountMinor) {
      maxDiscountBp
      minAmountMinor
    }
  }
`);

/** /client/settlements — the offers above the client's terms waiting for its decision (each decided on its case), and the terms themselves. */
export function SettlementsPage() {
  const { t } = useTranslation('settlements');
  const f = useFormat();
  const user = useUser();
  const clientId = user.clientId ?? '';
  const { data, error, loading, refetch } = useQuery(TO_DECIDE, { variables: { clientId }, fetchPolicy: 'cache-and-network' });
  if (loading && !data) return <Loading />;
  if (error && !data) return <ErrorState error={error} onRetry={() => void refetch()} />;
  const waiting = data?.settlements ?? [];
  const terms = data?.client?.settlementTerms;
  return (
    <Stack gap="md">
      <Title order={1} size="h2">
        {t('page.title')}
      </Title>
      <Text>{t('page.intro')}</Text>
      {waiting.length === 0 ? (
        <Empty title={t('page.empty')} />
      ) : (
        <Paper withBorder radius="md">
          <ScrollRegion label={t('page.title')}>
            <Table data-testid="settlements-to-decide">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('page.col.debtor')}</Table.Th>
                  <Table.Th>{t('page.col.offer')}</Table.Th>
                  <Table.Th>{t('page.col.balance')}</Table.Th>
                  <Table.Th>{t('page.col.discount')}</Table.Th>
                  <Table.Th>{t('page.col.offered')}</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>{t('page.col.action')}</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {waiting.map((s) => (
                  <Table.Tr key={s.id}>
                    <Table.Td>{s.case?.debtor?.name ?? s.caseId.slice(0, 8)}</Table.Td>
                    <Table.Td>{f.money(s.amountMinor, s.currency)}</Table.Td>
                    <Table.Td>{f.money(s.balanceMinor, s.currency)}</Table.Td>
                    <Table.Td>{s.discountBp / 100} %</Table.Td>
                    <Table.Td>{f.date(s.offeredAt)}</Table.Td>
                    <Table.Td>
                      <Anchor component={Link} to={`/client/cases/${s.caseId}`}>
                        {t('page.decide')}
                      </Anchor>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollRegion>
        </Paper>
      )}
      {terms && (
        <TermsForm
          key={`${terms.maxDiscountBp}-${terms.minAmountMinor}`}
          clientId={clientId}
          maxDiscountBp={terms.maxDiscountBp}
          minAmountMinor={terms.minAmountMinor}
          currency={waiting[0]?.currency ?? 'EUR'}
        />
      )}
    </Stack>
  );
}

function TermsForm(props: { clientId: string; maxDiscountBp: number; minAmountMinor: string | null; currency: string }) {
  const { t } = useTranslation('settlements');
  const f = useFormat();
  const notify = useNotify();
  const [save, saved] = useMutation(SET_TERMS, { refetchQueries: ['SettlementClientToDecide'], awaitRefetchQueries: true });
  const [percent, setPercent] = useState(String(props.maxDiscountBp / 100));
  const [min, setMin] = useState(props.minAmountMinor ? f.money(props.minAmountMinor, props.currency).replace(/[^\d.,]/g, '') : '');
  const [tried, setTried] = useState(false);
  const bp = /^\d{1,3}([.,]\d{1,2})?$/.test(percent.trim()) ? Math.round(Number(percent.trim().replace(',', '.')) * 100) : NaN;
  const minMinor = min.trim() ? minorOfTyped(min, props.currency) : null;
  const badPercent = !Number.isInteger(bp) || bp < 0 || bp > 10_000;
  const badMin = !!min.trim() && !minMinor;
  const problems = fieldProblems(saved.error);
  async function send(e: FormEvent) {
    e.preventDefault();
    setTried(true);
    if (badPercent || badMin) return;
    const done = await save({ variables: { clientId: props.clientId, maxDiscountBp: bp, minAmountMinor: minMinor } }).catch(() => null);
    if (done?.data) notify(t('page.saved'));
  }
  return (
    <Paper withBorder p="sm" maw={760} role="region" aria-label={t('page.terms')}>
      <form onSubmit={(e) => void send(e)} noValidate>
        <Stack gap="xs">
          <Title order={2} size="h5">
            {t('page.terms')}
          </Title>
          <Text size="sm">{t('page.termsText')}</Text>
          <Group align="flex-start" grow>
            <TextInput
              label={t('page.maxDiscount')}
              value={percent}
              onChange={(e) => setPercent(e.currentTarget.value)}
              error={tried && badPercent ? t('page.problem.maxDiscount') : problems.maxDiscountBp}
              inputMode="decimal"
              required
            />
            <TextInput
              label={t('page.minAmount')}
              value={min}
              onChange={(e) => setMin(e.currentTarget.value)}
              error={tried && badMin ? t('page.problem.minAmount') : problems.minAmountMinor}
              inputMode="decimal"
            />
          </Group>
          {saved.error && Object.keys(problems).length === 0 && (
            <Text size="sm" c="red.9" role="alert">
              {errorText(saved.error)}
            </Text>
          )}
          <Group>
            <Button type="submit" loading={saved.loading}>
              {t('page.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
