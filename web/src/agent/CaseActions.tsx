import { useMutation } from '@apollo/client/react';
import { Alert, Button, Group, Modal, NativeSelect, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { FormEvent, KeyboardEvent, ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText, fieldProblems } from '../api/errors';
import { CASES_COMMUNICATIONS, type CaseFileData } from '../cases';
import { useFormat } from '../format';
import { graphql } from '../gql';
import { calendarDate } from './amount';

const ADD_NOTE = graphql(`
  mutation AgentCaseAddNote($input: AddCaseNoteInput!) {
    addCaseNote(input: $input) {
      id
      version
      ...CasesNotes
      ...CasesHistory
    }
  }
`);

const HOLD = graphql(`
  mutation AgentCaseHold($input: HoldCaseInput!) {
    holdCase(input: $input) {
      id
      version
      ...CasesHeader
      ...CasesHistory
      ...CasesJourney
    }
  }
`);

const RELEASE = graphql(`
  mutation AgentCaseReleaseHold($input: ReleaseCaseHoldInput!) {
    releaseCaseHold(input: $input) {
      id
      version
      ...CasesHeader
      ...CasesHistory
      ...CasesJourney
    }
  }
`);

const SEND = graphql(`
  mutation AgentCaseSendCommunication($input: SendCommunicationInput!) {
    sendCommunication(input: $input) {
      id
      kind
      status
      channel
      notBefore
      refusal {
        reason
        rule
        notBefore
        waitsFor
      }
    }
  }
`);

/** The kinds an agent sends by hand (the scheduled reminders go by the journey). */
export const SENDABLE_KINDS = [
  'reminder',
  'first_reminder',
  'formal_notice',
  'final_notice',
  'promise_confirmation',
  'payment_plan_confirmation',
  'payment_receipt',
  'dispute_acknowledgement',
] as const;
const CHANNELS = ['preferred', 'email', 'sms', 'whatsapp', 'letter', 'registered_email'] as const;

export type CaseAction = 'note' | 'hold' | 'release' | 'send';

/** Ctrl+Enter (or ⌘+Enter) in a text area sends its form. */
const submitOnCtrlEnter = (e: KeyboardEvent<HTMLTextAreaElement>) => {
  if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
    e.preventDefault();
    e.currentTarget.form?.requestSubmit();
  }
};

/** The API's problem with a field, named with or without its `input.` prefix. */
const at = (p: Record<string, string>, field: string) => p[`input.${field}`] ?? p[field];
const both = (...fields: string[]) => fields.flatMap((f) => [f, `input.${f}`]);

/** The API's problems that belong to no field shown. */
function OtherProblems({ error, shown }: { error: unknown; shown: string[] }) {
  const { t } = useTranslation();
  if (!error) return null;
  const problems = fieldProblems(error);
  const rest = Object.entries(problems).filter(([field]) => !shown.includes(field));
  if (Object.keys(problems).length > 0 && rest.length === 0) return null;
  return (
    <Alert color="red" title={t('errorTitle')} role="alert">
      {rest.length ? rest.map(([field, reason]) => <Text key={field} size="sm">{`${field}: ${reason}`}</Text>) : errorText(error)}
    </Alert>
  );
}

function Form({
  onSubmit,
  children,
  busy,
  submit,
  onCancel,
}: {
  onSubmit: () => void;
  children: ReactNode;
  busy: boolean;
  submit: string;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  return (
    <form
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      <Stack gap="sm">
        {children}
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onCancel}>
            {t('cancel')}
          </Button>
          <Button type="submit" loading={busy}>
            {submit}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function NoteForm({ caseId, onDone }: { caseId: string; onDone: () => void }) {
  const { t } = useTranslation('agent');
  const [note, setNote] = useState('');
  const [add, { loading, error }] = useMutation(ADD_NOTE);
  const p = fieldProblems(error);
  const submit = async () => {
    await add({ variables: { input: { caseId, note } } });
    notifications.show({ message: t('case.noteAdded'), color: 'teal.9' });
    onDone();
  };
  return (
    <Form onSubmit={() => void submit().catch(() => undefined)} busy={loading} submit={t('case.addNote')} onCancel={onDone}>
      <Textarea
        label={t('case.note')}
        description={t('case.ctrlEnter')}
        value={note}
        onChange={(e) => setNote(e.currentTarget.value)}
        onKeyDown={submitOnCtrlEnter}
        autosize
        minRows={3}
        required
        data-autofocus
        error={at(p, 'note')}
      />
      <OtherProblems error={error} shown={both('note')} />
    </Form>
  );
}

function HoldForm({ data, onDone }: { data: CaseFileData; onDone: () => void }) {
  const { t } = useTranslation('agent');
  const zone = data.debtor?.timeZone ?? 'Europe/Brussels';
  const [until, setUntil] = useState(() => calendarDate(zone, 14));
  const [reason, setReason] = useState('');
  const [hold, { loading, error }] = useMutation(HOLD);
  const p = fieldProblems(error);
  const submit = async () => {
    await hold({ variables: { input: { caseId: data.id, until, reason } } });
    notifications.show({ message: t('case.held'), color: 'teal.9' });
    onDone();
  };
  return (
    <Form onSubmit={() => void submit().catch(() => undefined)} busy={loading} submit={t('case.hold')} onCancel={onDone}>
      <TextInput
        type="date"
        label={t('case.holdUntil')}
        value={until}
        min={calendarDate(zone, 1)}
        onChange={(e) => setUntil(e.currentTarget.value)}
        required
        error={at(p, 'until')}
      />
      <Textarea
        label={t('case.holdReason')}
        description={t('case.ctrlEnter')}
        value={reason}
        onChange={(e) => setReason(e.currentTarget.value)}
        onKeyDown={submitOnCtrlEnter}
        autosize
        minRows={2}
        required
        data-autofocus
        error={at(p, 'reason')}
      />
      <OtherProblems error={error} shown={both('until', 'reason')} />
    </Form>
  );
}

function ReleaseForm({ caseId, onDone }: { caseId: string; onDone: () => void }) {
  const { t } = useTranslation('agent');
  const [reason, setReason] = useState('');
  const [release, { loading, error }] = useMutation(RELEASE);
  const p = fieldProblems(error);
  const submit = async () => {
    await release({ variables: { input: { caseId, reason } } });
    notifications.show({ message: t('case.released'), color: 'teal.9' });
    onDone();
  };
  return (
    <Form onSubmit={() => void submit().catch(() => undefined)} busy={loading} submit={t('case.release')} onCancel={onDone}>
      <Textarea
        label={t('case.releaseReason')}
        description={t('case.ctrlEnter')}
        value={reason}
        onChange={(e) => setReason(e.currentTarget.value)}
        onKeyDown={submitOnCtrlEnter}
        autosize
        minRows={2}
        required
        data-autofocus
        error={at(p, 'reason')}
      />
      <OtherProblems error={error} shown={both('reason')} />
    </Form>
  );
}

function SendForm({ caseId, onDone }: { caseId: string; onDone: () => void }) {
  const { t } = useTranslation('agent');
  const { t: cases } = useTranslation('cases');
  const f = useFormat();
  const [kind, setKind] = useState<string>('reminder');
  const [channel, setChannel] = useState<string>('preferred');
  const [send, { loading, error, data }] = useMutation(SEND, {
    refetchQueries: [{ query: CASES_COMMUNICATIONS, variables: { caseId } }],
    awaitRefetchQueries: true,
  });
  const p = fieldProblems(error);
  const result = data?.sendCommunication;
  const submit = async () => {
    const { data: sent } = await send({ variables: { input: { caseId, kind, channel } } });
    const c = sent?.sendCommunication;
    if (c && !c.refusal) {
      notifications.show({
        message: t('case.sent', { status: cases(`communications.statusValue.${c.status}`, { defaultValue: c.status }) }),
        color: 'teal.9',
      });
      onDone();
    }
  };
  return (
    <Form onSubmit={() => void submit().catch(() => undefined)} busy={loading} submit={t('case.send')} onCancel={onDone}>
      <NativeSelect
        label={t('case.kind')}
        value={kind}
        onChange={(e) => setKind(e.currentTarget.value)}
        data={SENDABLE_KINDS.map((k) => ({ value: k, label: cases(`communications.kindValue.${k}`) }))}
        error={at(p, 'kind')}
        data-autofocus
      />
      <NativeSelect
        label={t('case.channel')}
        value={channel}
        onChange={(e) => setChannel(e.currentTarget.value)}
        data={CHANNELS.map((c) => ({ value: c, label: cases(`communications.channelValue.${c}`) }))}
        error={at(p, 'channel')}
      />
      {result?.refusal && (
        <Alert color="orange" title={t('case.notSentNow')} role="status">
          <Text size="sm">
            {result.refusal.rule && `${result.refusal.rule}: `}
            {result.refusal.reason}
          </Text>
          {result.refusal.notBefore && <Text size="sm">{t('case.goesOn', { when: f.dateTime(result.refusal.notBefore) })}</Text>}
        </Alert>
      )}
      <OtherProblems error={error} shown={both('kind', 'channel')} />
    </Form>
  );
}

/** The dialog of one case action; `action` null closes it. */
export function CaseActionDialog({ action, data, onClose }: { action: CaseAction | null; data: CaseFileData; onClose: () => void }) {
  const { t } = useTranslation('agent');
  const titles: Record<CaseAction, string> = {
    note: t('case.addNote'),
    hold: t('case.hold'),
    release: t('case.release'),
    send: t('case.send'),
  };
  return (
    <Modal opened={action !== null} onClose={onClose} title={action ? titles[action] : ''} size="md">
      {action === 'note' && <NoteForm caseId={data.id} onDone={onClose} />}
      {action === 'hold' && <HoldForm data={data} onDone={onClose} />}
      {action === 'release' && <ReleaseForm caseId={data.id} onDone={onClose} />}
      {action === 'send' && <SendForm caseId={data.id} onDone={onClose} />}
    </Modal>
  );
}
