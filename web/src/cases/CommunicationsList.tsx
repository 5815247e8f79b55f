import { useApolloClient, useQuery } from '@apollo/client/react';
import { Badge, Button, Group, Popover, Stack, Table, Text } from '@mantine/core';
import { ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../api/errors';
import { Empty, ErrorState, Loading } from '../components/PageState';
import { ScrollRegion } from '../components/ScrollRegion';
import { useFormat } from '../format';
import { graphql } from '../gql';
import type { CasesCommunicationsQuery } from '../gql/graphql';
import { MEANING } from '../theme';
import { downloadBase64 } from '../download';

export const CASES_COMMUNICATIONS = graphql(`
  query CasesCommunications($caseId: ID!) {
    communications(caseId: $caseId) {
      id
      caseId
      kind
      requestedChannel
      channel
      language
      status
      recipient
      notBefore
      attempts
      createdAt
      sentAt
      refusal {
        code
        reason
        rule
        notBefore
        waitsFor
      }
      history {
        status
        at
        detail
        rule
        waitsFor
        notBefore
        ignored
      }
    }
  }
`);

const CASES_COMMUNICATION_PDF = graphql(`
  query CasesCommunicationPdf($id: ID!) {
    communication(id: $id) {
      id
      pdfBase64
    }
  }
`);

export type CaseCommunication = CasesCommunicationsQuery['communications'][number];

/** The colour a delivery status means. */
export function deliveryColour(status: string): string {
  if (status === 'delivered') return MEANING.ok;
  if (status === 'sent') return MEANING.info;
  if (status === 'scheduled' || status === 'requested') return MEANING.due;
  if (status === 'cancelled') return 'gray.7';
  return MEANING.refused;
}

/** Letters leave as a PDF; the others are e-mail, SMS or WhatsApp messages. */
const mayHavePdf = (c: CaseCommunication) => (c.channel ?? c.requestedChannel) === 'letter' && c.sentAt != null;

function PdfButton({ communication, label }: { communication: CaseCommunication; label: string }) {
  const { t } = useTranslation('cases');
  const apollo = useApolloClient();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const open = async () => {
    setBusy(true);
    setProblem(null);
    try {
      const { data } = await apollo.query({
        query: CASES_COMMUNICATION_PDF,
        variables: { id: communication.id },
        fetchPolicy: 'network-only',
      });
      const base64 = data?.communication?.pdfBase64;
      if (!base64) return setProblem(t('communications.noPdf'));
      downloadBase64(base64, `${communication.kind}-${communication.id.slice(0, 8)}.pdf`);
    } catch (e) {
      setProblem(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack gap={2}>
      <Button
        size="compact-xs"
        variant="light"
        loading={busy}
        onClick={() => void open()}
        aria-label={t('communications.openPdf', { kind: label })}
      >
        {t('communications.pdf')}
      </Button>
      {problem && (
        <Text size="xs" c="red.9" role="alert">
          {problem}
        </Text>
      )}
    </Stack>
  );
}

function StatusCell({ c }: { c: CaseCommunication }) {
  const { t } = useTranslation('cases');
  const f = useFormat();
  const status = t(`communications.statusValue.${c.status}`, { defaultValue: c.status });
  return (
    <Stack gap={2}>
      <Popover width={360} position="bottom-start" withArrow shadow="sm">
        <Popover.Target>
          <Badge
            component="button"
            type="button"
            size="sm"
            miw="max-content"
            color={deliveryColour(c.status)}
            style={{ cursor: 'pointer', border: 0 }}
            aria-label={`${status}: ${t('communications.history')}`}
          >
            {status}
          </Badge>
        </Popover.Target>
        <Popover.Dropdown>
          <Text size="xs" fw={600} mb={4}>
            {t('communications.history')}
          </Text>
          <Stack gap={4}>
            {c.history.map((h, i) => (
              <Text key={i} size="xs" c={h.ignored ? 'dimmed' : undefined}>
                {f.dateTime(h.at)} · {t(`communications.statusValue.${h.status}`, { defaultValue: h.status })} · {h.detail}
                {h.rule && ` (${h.rule})`}
              </Text>
            ))}
          </Stack>
        </Popover.Dropdown>
      </Popover>
      {c.refusal && (
        <Text size="xs" c="dimmed">
          {c.refusal.rule && `${c.refusal.rule}: `}
          {c.refusal.reason}
          {c.refusal.waitsFor && ` · ${t('communications.waits', { what: c.refusal.waitsFor.replace(/_/g, ' ') })}`}
          {c.refusal.notBefore && ` · ${t('communications.notBefore', { when: f.dateTime(c.refusal.notBefore) })}`}
        </Text>
      )}
    </Stack>
  );
}

/** A case's communications as a table (newest first) with their delivery status and, for letters, the PDF. */
export function CommunicationsTable({
  communications,
  rowActions,
}: {
  communications: readonly CaseCommunication[];
  rowActions?: (c: CaseCommunication) => ReactNode;
}) {
  const { t } = useTranslation('cases');
  const f = useFormat();
  if (!communications.length) return <Empty title={t('communications.empty')} />;
  const newestFirst = [...communications].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return (
    <ScrollRegion label={t('communications.title')} maxHeight="360px">
      <Table className="sticky-head" aria-label={t('communications.title')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('communications.when')}</Table.Th>
            <Table.Th>{t('communications.kind')}</Table.Th>
            <Table.Th>{t('communications.channel')}</Table.Th>
            <Table.Th>{t('communications.recipient')}</Table.Th>
            <Table.Th>{t('communications.status')}</Table.Th>
            <Table.Th>{t('communications.pdf')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {newestFirst.map((c) => {
            const kind = t(`communications.kindValue.${c.kind}`, { defaultValue: c.kind.replace(/_/g, ' ') });
            const channel = c.channel ?? c.requestedChannel;
            return (
              <Table.Tr key={c.id}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{f.dateTime(c.sentAt ?? c.createdAt)}</Table.Td>
                <Table.Td>{kind}</Table.Td>
                <Table.Td>{t(`communications.channelValue.${channel}`, { defaultValue: channel })}</Table.Td>
                <Table.Td>{c.recipient ?? '—'}</Table.Td>
                <Table.Td>
                  <StatusCell c={c} />
                </Table.Td>
                <Table.Td>
                  <Group gap={4} wrap="nowrap">
                    {mayHavePdf(c) ? <PdfButton communication={c} label={kind} /> : '—'}
                    {rowActions?.(c)}
                  </Group>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </ScrollRegion>
  );
}

/** The communications of a case, asked for by its id (the communications service answers). */
export function CommunicationsList({ caseId, rowActions }: { caseId: string; rowActions?: (c: CaseCommunication) => ReactNode }) {
  const { data, loading, error, refetch } = useQuery(CASES_COMMUNICATIONS, { variables: { caseId } });
  if (error) return <ErrorState error={error} onRetry={() => void refetch()} />;
  if (loading && !data) return <Loading />;
  return <CommunicationsTable communications={data?.communications ?? []} rowActions={rowActions} />;
}
