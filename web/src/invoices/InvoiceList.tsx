import { useApolloClient, useQuery } from '@apollo/client/react';
import { Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Empty, ErrorState, Loading } from '../components/PageState';
import { ScrollRegion } from '../components/ScrollRegion';
import { downloadBase64 } from '../download';
import { useFormat } from '../format';
import { graphql } from '../gql';
import type { InvoiceListQuery } from '../gql/graphql';
import { addMessages } from '../i18n';
import { invoiceMessages } from './messages';

addMessages('invoices', invoiceMessages);

/** The invoices and credit notes the caller may see (billing: clientInvoices; a client user its own, by the walls). */
export const INVOICE_LIST = graphql(`
  query InvoiceList($clientId: ID) {
    clientInvoices(clientId: $clientId, first: 200) {
      id
      kind
      number
      clientId
      periodStart
      periodEnd
      issueDate
      dueDate
      currency
      payableMinor
      creditedInvoiceId
    }
  }
`);

/** One document's files, fetched when asked for (a PDF is large). */
const INVOICE_FILES = graphql(`
  query InvoiceFiles($id: ID!) {
    clientInvoice(id: $id) {
      id
      number
      pdfBase64
      ubl
    }
  }
`);

export type InvoiceRow = InvoiceListQuery['clientInvoices'][number];

/** The PDF and UBL buttons of a document. */
export function InvoiceDownloads({ invoice }: { invoice: Pick<InvoiceRow, 'id' | 'number'> }) {
  const { t } = useTranslation('invoices');
  const client = useApolloClient();
  const [busy, setBusy] = useState<'pdf' | 'ubl' | null>(null);
  async function download(kind: 'pdf' | 'ubl') {
    setBusy(kind);
    try {
      const { data } = await client.query({ query: INVOICE_FILES, variables: { id: invoice.id }, fetchPolicy: 'network-only' });
      const doc = data?.clientInvoice;
      if (!doc) return;
      if (kind === 'pdf') downloadBase64(doc.pdfBase64, `${doc.number}.pdf`);
      else {
        // The UBL is text: its UTF-8 bytes, as base64 for the one download helper.
        let binary = '';
        for (const b of new TextEncoder().encode(doc.ubl)) binary += String.fromCharCode(b);
        downloadBase64(btoa(binary), `${doc.number}.xml`, 'application/xml');
      }
    } finally {
      setBusy(null);
    }
  }
  return (
    <Group gap={6} wrap="nowrap">
      <Button
        size="xs"
        variant="light"
        loading={busy === 'pdf'}
        onClick={() => void download('pdf')}
        aria-label={t('pdfOf', { number: invoice.number })}
      >
        {t('pdf')}
      </Button>
      <Button
        size="xs"
        variant="light"
        loading={busy === 'ubl'}
        onClick={() => void download('ubl')}
        aria-label={t('ublOf', { number: invoice.number })}
      >
        {t('ubl')}
      </Button>
    </Group>
  );
}

/** The table of documents, the latest first; `actions` adds a cell per row (the admin's send). */
export function InvoiceTable({ invoices, actions }: { invoices: InvoiceRow[]; actions?: (i: InvoiceRow) => ReactNode }) {
  const { t } = useTranslation('invoices');
  const f = useFormat();
  const numberOf = new Map(invoices.map((i) => [i.id, i.number]));
  return (
    <Paper withBorder radius="md">
      <ScrollRegion label={t('title')}>
        <Table data-testid="invoices">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('col.number')}</Table.Th>
              <Table.Th>{t('col.kind')}</Table.Th>
              <Table.Th>{t('col.period')}</Table.Th>
              <Table.Th>{t('col.issued')}</Table.Th>
              <Table.Th>{t('col.due')}</Table.Th>
              <Table.Th style={{ textAlign: 'right' }}>{t('col.total')}</Table.Th>
              <Table.Th>{t('col.files')}</Table.Th>
              {actions && <Table.Th />}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {invoices.map((i) => (
              <Table.Tr key={i.id}>
                <Table.Td>
                  <Text size="sm" ff="monospace">
                    {i.number}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{t(`kind.${i.kind}`)}</Text>
                  {i.creditedInvoiceId && (
                    <Text size="xs" c="dimmed">
                      {t('corrects', { number: numberOf.get(i.creditedInvoiceId) ?? i.creditedInvoiceId.slice(0, 8) })}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{i.periodStart ? `${f.date(i.periodStart)} – ${f.date(i.periodEnd)}` : '—'}</Table.Td>
                <Table.Td>{f.date(i.issueDate)}</Table.Td>
                <Table.Td>{i.kind === 'invoice' ? f.date(i.dueDate) : '—'}</Table.Td>
                <Table.Td style={{ textAlign: 'right' }}>{f.money(i.payableMinor, i.currency)}</Table.Td>
                <Table.Td>
                  <InvoiceDownloads invoice={i} />
                </Table.Td>
                {actions && <Table.Td>{actions(i)}</Table.Td>}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollRegion>
    </Paper>
  );
}

/** /client/invoices — the client's invoices and credit notes with their PDF and UBL. */
export function ClientInvoicesPage() {
  const { t } = useTranslation('invoices');
  const { data, error, loading, refetch } = useQuery(INVOICE_LIST, { variables: { clientId: null }, fetchPolicy: 'cache-and-network' });
  if (loading && !data) return <Loading />;
  if (error && !data) return <ErrorState error={error} onRetry={() => void refetch()} />;
  const invoices = data?.clientInvoices ?? [];
  return (
    <Stack gap="md">
      <Title order={1} size="h2">
        {t('title')}
      </Title>
      <Text>{t('intro')}</Text>
      {invoices.length === 0 ? <Empty title={t('empty')} /> : <InvoiceTable invoices={invoices} />}
    </Stack>
  );
}
