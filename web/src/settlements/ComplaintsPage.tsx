import { useMutation, useQuery } from '@apollo/client/react';
import {
  Anchor,
  Badge,
  Button,
  Checkbox,
  Group,
  Modal,
  Paper,
  SegmentedControl,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { errorText } from '../api/errors';
import { Empty, ErrorState, Loading } from '../components/PageState';
import { ScrollRegion } from '../components/ScrollRegion';
import { useFormat } from '../format';
import { graphql } from '../gql';
import type { ComplaintAdminListQuery } from '../gql/graphql';
import { addMessages } from '../i18n';
import { settlementMessages } from './messages';

addMessages('settlements', settlementMessages);

const LIST = graphql(`
  query ComplaintAdminList($status: String) {
    complaints(status: $status) {
      id
      caseId
      category
      channel
      by
      text
      status
      dueOn
      overdue
      pausesJourney
      answer {
        text
      }
      case {
        id
        debtor {
          name
        }
      }
    }
  }
`);

const PAUSE = graphql(`
  mutation ComplaintAdminPause($id: ID!, $pause: Boolean!) {
    pauseForComplaint(complaintId: $id, pause: $pause) {
      id
      pausesJourney
    }
  }
`);

const ANSWER = graphql(`
  mutation ComplaintAdminAnswer($id: ID!, $answer: String!) {
    answerComplaint(complaintId: $id, answer: $answer) {
      id
      status
    }
  }
`);

const CLOSE = graphql(`
  mutation ComplaintAdminClose($id: ID!, $upheld: Boolean!, $note: String) {
    closeComplaint(complaintId: $id, upheld: $upheld, note: $note) {
      id
      status
    }
  }
`);

type Complaint = ComplaintAdminListQuery['complaints'][number];
const REFETCH = { refetchQueries: ['ComplaintAdminList'], awaitRefetchQueries: true };
const FILTERS = ['open', 'answered', 'closed', 'all'] as const;

/** /admin/complaints — the complaints routed to the agency admin, soonest due first: pause collection, answer, close. */
export function ComplaintsPage() {
  const { t } = useTranslation('settlements');
  const f = useFormat();
  const [filter, setFilter] = useState<(typeof FILTERS)[number]>('open');
  const { data, error, loading, refetch } = useQuery(LIST, {
    variables: { status: filter === 'all' ? null : filter },
    fetchPolicy: 'cache-and-network',
  });
  const [pause, paused] = useMutation(PAUSE, REFETCH);
  const [answering, setAnswering] = useState<Complaint | null>(null);
  const [closing, setClosing] = useState<Complaint | null>(null);
  if (loading && !data) return <Loading />;
  if (error && !data) return <ErrorState error={error} onRetry={() => void refetch()} />;
  const complaints = data?.complaints ?? [];
  return (
    <Stack gap="md">
      <Title order={1} size="h2">
        {t('complaints.title')}
      </Title>
      <Text>{t('complaints.intro')}</Text>
      <SegmentedControl
        aria-label={t('complaints.filter')}
        value={filter}
        onChange={(v) => setFilter(v as (typeof FILTERS)[number])}
        data={FILTERS.map((s) => ({ value: s, label: s === 'all' ? t('complaints.all') : t(`complaints.status.${s}`) }))}
        w="fit-content"
      />
      {paused.error && (
        <Text size="sm" c="red.9" role="alert">
          {errorText(paused.error)}
        </Text>
      )}
      {complaints.length === 0 ? (
        <Empty title={t('complaints.empty')} />
      ) : (
        <Paper withBorder radius="md">
          <ScrollRegion label={t('complaints.title')}>
            <Table data-testid="complaints">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('complaints.col.dueOn')}</Table.Th>
                  <Table.Th>{t('complaints.col.category')}</Table.Th>
                  <Table.Th>{t('complaints.col.by')}</Table.Th>
                  <Table.Th>{t('complaints.col.text')}</Table.Th>
                  <Table.Th>{t('complaints.col.status')}</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>{t('complaints.col.action')}</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {complaints.map((c) => (
                  <Table.Tr key={c.id}>
                    <Table.Td>
                      <Group gap={6} wrap="nowrap">
                        <Text size="sm">{f.date(c.dueOn)}</Text>
                        {c.overdue && (
                          <Badge color="red" variant="light" c="dark">
                            {t('complaints.overdue')}
                          </Badge>
                        )}
                      </Group>
                    </Table.Td>
                    <Table.Td>{t(`complaints.category.${c.category}`, { defaultValue: c.category })}</Table.Td>
                    <Table.Td>
                      <Anchor component={Link} to={`/admin/cases/${c.caseId}/assessment`}>
                        {c.case?.debtor?.name ?? c.caseId.slice(0, 8)}
                      </Anchor>
                      <Text size="xs" c="dimmed">
                        {t(`complaints.from.${c.by}`)} · {c.channel}
                      </Text>
                    </Table.Td>
                    <Table.Td maw={360}>
                      <Text size="sm">{c.text}</Text>
                      {c.answer && (
                        <Text size="sm" c="dimmed">
                          {c.answer.text}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{t(`complaints.status.${c.status}`)}</Text>
                      {c.pausesJourney && c.status !== 'closed' && (
                        <Badge variant="light" c="dark">
                          {t('complaints.paused')}
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td>
                      {c.status !== 'closed' && (
                        <Group gap={4} wrap="nowrap">
                          <Button
                            size="compact-xs"
                            variant="light"
                            loading={paused.loading}
                            onClick={() => void pause({ variables: { id: c.id, pause: !c.pausesJourney } }).catch(() => null)}
                          >
                            {c.pausesJourney ? t('complaints.resume') : t('complaints.pause')}
                          </Button>
                          {c.status === 'open' ? (
                            <Button size="compact-xs" onClick={() => setAnswering(c)}>
                              {t('complaints.answer')}
                            </Button>
                          ) : (
                            <Button size="compact-xs" onClick={() => setClosing(c)}>
                              {t('complaints.close')}
                            </Button>
                          )}
                        </Group>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollRegion>
        </Paper>
      )}
      {answering && <AnswerDialog complaint={answering} onClose={() => setAnswering(null)} />}
      {closing && <CloseDialog complaint={closing} onClose={() => setClosing(null)} />}
    </Stack>
  );
}

function AnswerDialog({ complaint, onClose }: { complaint: Complaint; onClose: () => void }) {
  const { t } = useTranslation('settlements');
  const [answer, { loading, error }] = useMutation(ANSWER, REFETCH);
  const [text, setText] = useState('');
  const [tried, setTried] = useState(false);
  async function send(e: FormEvent) {
    e.preventDefault();
    setTried(true);
    if (!text.trim()) return;
    const done = await answer({ variables: { id: complaint.id, answer: text.trim() } }).catch(() => null);
    if (done?.data) onClose();
  }
  return (
    <Modal opened onClose={onClose} title={t('complaints.answer')} closeButtonProps={{ 'aria-label': t('complaints.close') }}>
      <form onSubmit={(e) => void send(e)} noValidate>
        <Stack gap="sm">
          <Text size="sm">{complaint.text}</Text>
          <Textarea
            label={t('complaints.answerLabel')}
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            error={tried && !text.trim() ? t('complaints.answerRequired') : undefined}
            autosize
            minRows={3}
            required
            data-autofocus
          />
          {error && (
            <Text size="sm" c="red.9" role="alert">
              {errorText(error)}
            </Text>
          )}
          <Group justify="flex-end">
            <Button type="submit" loading={loading}>
              {t('complaints.send')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function CloseDialog({ complaint, onClose }: { complaint: Complaint; onClose: () => void }) {
  const { t } = useTranslation('settlements');
  const [close, { loading, error }] = useMutation(CLOSE, REFETCH);
  const [upheld, setUpheld] = useState(false);
  const [note, setNote] = useState('');
  async function send(e: FormEvent) {
    e.preventDefault();
    const done = await close({ variables: { id: complaint.id, upheld, note: note.trim() || null } }).catch(() => null);
    if (done?.data) onClose();
  }
  return (
    <Modal opened onClose={onClose} title={t('complaints.closeTitle')} closeButtonProps={{ 'aria-label': t('complaints.close') }}>
      <form onSubmit={(e) => void send(e)} noValidate>
        <Stack gap="sm">
          <Checkbox label={t('complaints.upheld')} checked={upheld} onChange={(e) => setUpheld(e.currentTarget.checked)} />
          <Textarea label={t('complaints.note')} value={note} onChange={(e) => setNote(e.currentTarget.value)} autosize minRows={2} />
          {error && (
            <Text size="sm" c="red.9" role="alert">
              {errorText(error)}
            </Text>
          )}
          <Group justify="flex-end">
            <Button type="submit" loading={loading}>
              {t('complaints.close')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
