import { useMutation, useQuery } from '@apollo/client/react';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  Radio,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { minorOfTyped } from '../amount';
import { errorCode, fieldProblems } from '../api/errors';
import { Empty, ErrorState, Loading } from '../components/PageState';
import { ScrollRegion } from '../components/ScrollRegion';
import { useFormat } from '../format';
import { graphql } from '../gql';
import type { ClientDisputesToAnswerQuery } from '../gql/graphql';
import { addMessages } from '../i18n';
import { clientDisputeMessages } from './disputes-messages';

addMessages('clientDisputes', clientDisputeMessages);

/** The client's disputes waiting for its answer (cases: disputes, status awaiting_client; its own client's only, by the walls). */
const TO_ANSWER = graphql(`
  query ClientDisputesToAnswer {
    disputes(status: "awaiting_client", first: 500) {
      nodes {
        id
        caseId
        claimIds
        reason
        text
        raisedBy
        channel
        raisedAt
        answerDueOn
        overdue
        case {
          id
          debtor {
            id
            name
          }
          claims {
            id
            invoiceNumber
            principalMinor
            creditedMinor
            currency
          }
        }
      }
    }
  }
`);

const ANSWER = graphql(`
  mutation ClientDisputesAnswer($input: AnswerDisputeInput!) {
    answerDispute(input: $input) {
      id
      status
    }
  }
`);

type Dispute = ClientDisputesToAnswerQuery['disputes']['nodes'][number];
const DECISIONS = ['none', 'rejected', 'upheld', 'partly_upheld'] as const;
type Decision = (typeof DECISIONS)[number];

/** /client/disputes — "Disputes to answer": oldest first, each with the day the answer is due; answered (or credited) from here. */
export function DisputesPage() {
  const { t } = useTranslation('clientDisputes');
  const f = useFormat();
  const { data, error, loading, refetch } = useQuery(TO_ANSWER, { fetchPolicy: 'cache-and-network' });
  const [answering, setAnswering] = useState<Dispute | null>(null);
  if (loading && !data) return <Loading />;
  if (error && !data) return <ErrorState error={error} onRetry={() => void refetch()} />;
  // The API lists newest first; the client answers the oldest first.
  const disputes = [...(data?.disputes.nodes ?? [])].sort((a, b) => Date.parse(a.raisedAt) - Date.parse(b.raisedAt));
  return (
    <Stack gap="md">
      <Title order={1} size="h2">
        {t('title')}
      </Title>
      <Text>{t('intro')}</Text>
      {disputes.length === 0 ? (
        <Empty title={t('empty')} />
      ) : (
        <Paper withBorder radius="md">
          <ScrollRegion label={t('title')}>
            <Table data-testid="disputes-to-answer">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('col.dueOn')}</Table.Th>
                  <Table.Th>{t('col.debtor')}</Table.Th>
                  <Table.Th>{t('col.invoices')}</Table.Th>
                  <Table.Th>{t('col.reason')}</Table.Th>
                  <Table.Th>{t('col.raised')}</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>{t('col.action')}</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {disputes.map((d) => (
                  <Table.Tr key={d.id}>
                    <Table.Td>
                      <Group gap={6} wrap="nowrap">
                        <Text size="sm">{f.date(d.answerDueOn)}</Text>
                        {d.overdue && (
                          <Badge color="red" variant="light" c="dark">
                            {t('overdue')}
                          </Badge>
                        )}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <Anchor component={Link} to={`/client/cases/${d.caseId}`}>
                        {d.case?.debtor?.name ?? d.caseId.slice(0, 8)}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{invoicesOf(d).join(', ')}</Table.Td>
                    <Table.Td>
                      <Text size="sm">{t(`reason.${d.reason}`, { defaultValue: d.reason })}</Text>
                      {d.text && (
                        <Text size="sm" c="dimmed">
                          {d.text}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>{f.date(d.raisedAt)}</Table.Td>
                    <Table.Td>
                      <Button size="xs" onClick={() => setAnswering(d)} aria-label={t('answerFor', { invoices: invoicesOf(d).join(', ') })}>
                        {t('answer')}
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollRegion>
        </Paper>
      )}
      <Modal
        opened={answering !== null}
        onClose={() => setAnswering(null)}
        title={t('answerTitle')}
        closeButtonProps={{ 'aria-label': t('close') }}
        size="lg"
      >
        {answering && (
          <AnswerForm
            key={answering.id}
            dispute={answering}
            onDone={() => {
              setAnswering(null);
              void refetch();
            }}
          />
        )}
      </Modal>
    </Stack>
  );
}

function claimsOf(d: Dispute) {
  return d.claimIds.map((id) => d.case?.claims?.find((c) => c.id === id) ?? null).filter((c) => c !== null);
}

function invoicesOf(d: Dispute): string[] {
  const known = claimsOf(d);
  return known.length ? known.map((c) => c.invoiceNumber) : d.claimIds.map((id) => id.slice(0, 8));
}

function AnswerForm({ dispute, onDone }: { dispute: Dispute; onDone: () => void }) {
  const { t } = useTranslation('clientDisputes');
  const f = useFormat();
  const [text, setText] = useState('');
  const [decision, setDecision] = useState<Decision>('none');
  const [amounts, setAmounts] = useState<Record<string, string>>({});
  const [tried, setTried] = useState(false);
  const [answer, { error, loading }] = useMutation(ANSWER);
  const api = error ? fieldProblems(error) : {};
  const claims = claimsOf(dispute);
  const credits = claims.map((c) => ({ claimId: c.id, minor: minorOfTyped(amounts[c.id] ?? '', c.currency) }));
  const textProblem = tried && !text.trim() ? t('problem.answer') : api.answer ? t('problem.answer') : null;
  const creditProblem = (i: number) =>
    decision === 'partly_upheld' && ((tried && credits[i]!.minor === null) || Object.keys(api).some((k) => k.startsWith(`credits[${i}]`)))
      ? t('problem.credit')
      : null;
  async function submit() {
    setTried(true);
    if (!text.trim() || (decision === 'partly_upheld' && credits.some((c) => c.minor === null))) return;
    const input = {
      disputeId: dispute.id,
      answer: text.trim(),
      outcome: decision === 'none' ? null : decision,
      credits: decision === 'partly_upheld' ? credits.map((c) => ({ claimId: c.claimId, amountMinor: c.minor! })) : null,
    };
    const ok = await answer({ variables: { input } }).then(
      () => true,
      () => false,
    );
    if (ok) onDone();
  }
  return (
    <Stack gap="sm" component="form" onSubmit={(e) => (e.preventDefault(), void submit())}>
      <Text size="sm">{t('answerIntro', { invoices: invoicesOf(dispute).join(', '), date: f.date(dispute.answerDueOn) })}</Text>
      <Radio.Group label={t('decisionLabel')} value={decision} onChange={(v) => setDecision(v as Decision)}>
        <Stack gap={6} mt={4}>
          {DECISIONS.map((d) => (
            <Radio key={d} value={d} label={t(`decision.${d}`)} />
          ))}
        </Stack>
      </Radio.Group>
      {decision === 'partly_upheld' &&
        claims.map((c, i) => (
          <TextInput
            key={c.id}
            label={t('creditLabel', {
              invoice: c.invoiceNumber,
              amount: f.money(String(BigInt(c.principalMinor) - BigInt(c.creditedMinor)), c.currency),
            })}
            inputMode="decimal"
            value={amounts[c.id] ?? ''}
            onChange={(e) => setAmounts({ ...amounts, [c.id]: e.currentTarget.value })}
            error={creditProblem(i)}
          />
        ))}
      <Textarea
        label={t('answerLabel')}
        description={t('answerHint')}
        autosize
        minRows={3}
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        error={textProblem}
      />
      {error && !textProblem && !Object.keys(api).some((k) => k.startsWith('credits')) && (
        <Alert color="red" role="alert" p="xs">
          <Text size="sm">{t(errorCode(error) === 'CONFLICT' ? 'problem.conflict' : 'problem.other')}</Text>
        </Alert>
      )}
      <Group justify="flex-end">
        <Button type="submit" loading={loading}>
          {t('send')}
        </Button>
      </Group>
    </Stack>
  );
}
