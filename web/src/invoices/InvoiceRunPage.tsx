import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, Button, Group, NativeSelect, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldProblems } from '../api/errors';
import { Empty, ErrorState, Loading } from '../components/PageState';
import { graphql } from '../gql';
import type { InvoiceRunMutation } from '../gql/graphql';
import { addMessages } from '../i18n';
import { INVOICE_LIST, InvoiceTable } from './InvoiceList';
import { invoiceMessages } from './messages';

addMessages('invoices', invoiceMessages);

const RUN = graphql(`
  mutation InvoiceRun($periodStart: String!, $periodKind: String!) {
    issueInvoices(periodStart: $periodStart, periodKind: $periodKind) {
      issued {
        id
        number
      }
      skipped {
        clientId
        reason
      }
    }
  }
`);

const SEND = graphql(`
  mutation InvoiceSend($id: ID!) {
    sendInvoice(id: $id) {
      id
      channel
      status
      detail
    }
  }
`);

/** The first of last month, the period an invoice run usually closes. */
function lastMonth(): string {
  const d = new Date();
  const y = d.getMonth() === 0 ? d.getFullYear() - 1 : d.getFullYear();
  const m = d.getMonth() === 0 ? 12 : d.getMonth();
  return `${y}-${String(m).padStart(2, '0')}-01`;
}

/** /admin/invoices — the invoice run for a period, what it left out and why, and every document with its files and sending. */
export function InvoiceRunPage() {
  const { t } = useTranslation('invoices');
  const [periodStart, setPeriodStart] = useState(lastMonth);
  const [periodKind, setPeriodKind] = useState('monthly');
  const [result, setResult] = useState<InvoiceRunMutation['issueInvoices'] | null>(null);
  const [run, { error, loading }] = useMutation(RUN);
  const list = useQuery(INVOICE_LIST, { variables: { clientId: null }, fetchPolicy: 'cache-and-network' });
  const problems = error ? fieldProblems(error) : {};
  async function submit() {
    const r = await run({ variables: { periodStart, periodKind } }).then(
      (x) => x.data?.issueInvoices ?? null,
      () => null,
    );
    if (r) {
      setResult(r);
      void list.refetch();
    }
  }
  return (
    <Stack gap="md">
      <Title order={1} size="h2">
        {t('run.title')}
      </Title>
      <Text>{t('run.intro')}</Text>
      <Paper withBorder radius="md" p="md">
        <Group align="flex-end" component="form" onSubmit={(e) => (e.preventDefault(), void submit())}>
          <TextInput
            label={t('run.periodStart')}
            description={t('run.periodHint')}
            value={periodStart}
            onChange={(e) => setPeriodStart(e.currentTarget.value)}
            error={problems.periodStart}
            placeholder="2026-11-01"
          />
          <NativeSelect
            label={t('run.periodKind')}
            value={periodKind}
            onChange={(e) => setPeriodKind(e.currentTarget.value)}
            data={[
              { value: 'monthly', label: t('run.monthly') },
              { value: 'weekly', label: t('run.weekly') },
            ]}
          />
          <Button type="submit" loading={loading}>
            {t('run.submit')}
          </Button>
        </Group>
        {error && !problems.periodStart && (
          <Alert color="red" role="alert" p="xs" mt="sm">
            <Text size="sm">{t('problem.other')}</Text>
          </Alert>
        )}
      </Paper>
      {result && (
        <Stack gap="xs" data-testid="invoice-run-result">
          <Text fw={600} role="status">
            {t('run.issued', { count: result.issued.length })}
          </Text>
          {result.skipped.length > 0 && (
            <Paper withBorder radius="md">
              <Table captionSide="top">
                <Table.Caption>{t('run.skipped')}</Table.Caption>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('run.client')}</Table.Th>
                    <Table.Th>{t('run.reason')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {result.skipped.map((s) => (
                    <Table.Tr key={s.clientId}>
                      <Table.Td>
                        <Text size="sm" ff="monospace">
                          {s.clientId.slice(0, 8)}
                        </Text>
                      </Table.Td>
                      <Table.Td>{s.reason}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Paper>
          )}
        </Stack>
      )}
      <Title order={2} size="h3">
        {t('run.all')}
      </Title>
      {list.loading && !list.data ? (
        <Loading />
      ) : list.error && !list.data ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : (list.data?.clientInvoices ?? []).length === 0 ? (
        <Empty title={t('empty')} />
      ) : (
        <InvoiceTable invoices={list.data!.clientInvoices} actions={(i) => <SendButton id={i.id} number={i.number} />} />
      )}
    </Stack>
  );
}

function SendButton({ id, number }: { id: string; number: string }) {
  const { t } = useTranslation('invoices');
  const [send, { data, loading }] = useMutation(SEND);
  const sent = data?.sendInvoice;
  return sent ? (
    <Text size="xs">{t('run.sent', { channels: sent.map((d) => `${d.channel} ${d.status}`).join(', ') })}</Text>
  ) : (
    <Button size="xs" loading={loading} onClick={() => void send({ variables: { id } })} aria-label={t('run.sendOf', { number })}>
      {t('run.send')}
    </Button>
  );
}
