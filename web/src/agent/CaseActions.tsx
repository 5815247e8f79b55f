import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, Button, Checkbox, Group, Modal, NativeSelect, SegmentedControl, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { FormEvent, KeyboardEvent, ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText, fieldProblems } from '../api/errors';
import { CASES_COMMUNICATIONS, type CaseDispute, type CaseFileData } from '../cases';
import { useFormat } from '../format';
import { graphql } from '../gql';
import type { ProposePaymentPlanInput } from '../gql/graphql';
import { minorOfTyped } from '../amount';
import { calendarDate } from './amount';
import { notify } from './notify';

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

const RAISE_DISPUTE = graphql(`
  mutation AgentCaseRaiseDispute($input: RaiseDisputeInput!) {
    raiseDispute(input: $input) {
      id
      case {
        id
        version
        ...CasesDisputes
        ...CasesHistory
        ...CasesJourney
      }
    }
  }
`);

const RESOLVE_DISPUTE = graphql(`
  mutation AgentCaseResolveDispute($input: ResolveDisputeInput!) {
    resolveDispute(input: $input) {
      id
      case {
        id
        version
        ...CasesHeader
        ...CasesClaims
        ...CasesDisputes
        ...CasesHistory
        ...CasesJourney
      }
    }
  }
`);

export const DISPUTE_REASONS = [
  'not_received',
  'partial_delivery',
  'poor_quality',
  'billing_error',
  'already_paid',
  'not_my_debt',
  'wrong_amount',
  'contract_cancelled',
  'other',
] as const;
const DISPUTE_CHANNELS = ['phone', 'email', 'registered_email', 'letter', 'sms', 'whatsapp', 'in_person'] as const;
const DISPUTE_OUTCOMES = ['rejected', 'upheld', 'partly_upheld'] as const;

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

/** An action's dialog: `resolve` carries the dispute it resolves. */
export type CaseAction =
  'note' | 'hold' | 'release' | 'send' | 'dispute' | 'plan' | 'promise' | 'approvePlan' | 'rejectPlan' | { resolve: CaseDispute };

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
    notify(t('case.noteAdded'));
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
    notify(t('case.held'));
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
    notify(t('case.released'));
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
      notify(t('case.sent', { status: cases(`communications.statusValue.${c.status}`, { defaultValue: c.status }) }));
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

function RaiseDisputeForm({ data, onDone }: { data: CaseFileData; onDone: () => void }) {
  const { t } = useTranslation('agent');
  const { t: cases } = useTranslation('cases');
  const f = useFormat();
  const disputed = new Set(data.disputes.filter((d) => d.status !== 'resolved').flatMap((d) => d.claimIds));
  const open = data.claims.filter((c) => c.status === 'open' && !disputed.has(c.id));
  const [claimIds, setClaimIds] = useState<string[]>(() => open.map((c) => c.id));
  const [reason, setReason] = useState<string>('not_received');
  const [text, setText] = useState('');
  const [raisedBy, setRaisedBy] = useState('debtor');
  const [channel, setChannel] = useState('phone');
  const [raise, { loading, error }] = useMutation(RAISE_DISPUTE);
  const p = fieldProblems(error);
  const submit = async () => {
    await raise({
      variables: { input: { caseId: data.id, claimIds, reason, raisedBy, channel, ...(text.trim() && { text: text.trim() }) } },
    });
    notify(t('case.disputeRaised'));
    onDone();
  };
  if (!open.length) return <Text size="sm">{t('case.nothingToDispute')}</Text>;
  return (
    <Form onSubmit={() => void submit().catch(() => undefined)} busy={loading} submit={t('case.raiseDispute')} onCancel={onDone}>
      <Checkbox.Group label={t('case.disputedClaims')} value={claimIds} onChange={setClaimIds} error={at(p, 'claimIds')}>
        <Stack gap={4} mt={4}>
          {open.map((c, i) => (
            <Checkbox
              key={c.id}
              value={c.id}
              label={`${c.invoiceNumber} · ${f.money(c.principalMinor, c.currency)} · ${f.date(c.dueDate)}`}
              data-autofocus={i === 0 || undefined}
            />
          ))}
        </Stack>
      </Checkbox.Group>
      <NativeSelect
        label={t('case.disputeReason')}
        value={reason}
        onChange={(e) => setReason(e.currentTarget.value)}
        data={DISPUTE_REASONS.map((r) => ({ value: r, label: cases(`disputes.reasonValue.${r}`) }))}
        error={at(p, 'reason')}
      />
      <Textarea
        label={t('case.disputeText')}
        description={t('case.ctrlEnter')}
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        onKeyDown={submitOnCtrlEnter}
        autosize
        minRows={2}
        required={reason === 'other'}
        error={at(p, 'text')}
      />
      <Group grow>
        <NativeSelect
          label={t('case.disputeBy')}
          value={raisedBy}
          onChange={(e) => setRaisedBy(e.currentTarget.value)}
          data={['debtor', 'agent'].map((b) => ({ value: b, label: cases(`disputes.by.${b}`) }))}
          error={at(p, 'raisedBy')}
        />
        <NativeSelect
          label={t('case.disputeChannel')}
          value={channel}
          onChange={(e) => setChannel(e.currentTarget.value)}
          data={DISPUTE_CHANNELS.map((c) => ({ value: c, label: cases(`disputes.channel.${c}`) }))}
          error={at(p, 'channel')}
        />
      </Group>
      <OtherProblems error={error} shown={both('claimIds', 'reason', 'text', 'raisedBy', 'channel')} />
    </Form>
  );
}

function ResolveDisputeForm({ data, dispute, onDone }: { data: CaseFileData; dispute: CaseDispute; onDone: () => void }) {
  const { t } = useTranslation('agent');
  const { t: cases } = useTranslation('cases');
  const [outcome, setOutcome] = useState<string>(dispute.answer?.proposedOutcome ?? 'rejected');
  const [explanation, setExplanation] = useState('');
  const [credits, setCredits] = useState<Record<string, string>>({});
  const [creditProblem, setCreditProblem] = useState<string | null>(null);
  const [resolve, { loading, error }] = useMutation(RESOLVE_DISPUTE);
  const p = fieldProblems(error);
  const claims = data.claims.filter((c) => dispute.claimIds.includes(c.id));
  const submit = async () => {
    setCreditProblem(null);
    let given: { claimId: string; amountMinor: string }[] | undefined;
    if (outcome === 'partly_upheld') {
      given = [];
      for (const c of claims) {
        const typed = credits[c.id]?.trim();
        if (!typed) continue;
        const minor = minorOfTyped(typed, c.currency);
        if (!minor) return setCreditProblem(t('call.amountProblem'));
        given.push({ claimId: c.id, amountMinor: minor });
      }
    }
    await resolve({
      variables: {
        input: {
          disputeId: dispute.id,
          outcome,
          ...(explanation.trim() && { explanation: explanation.trim() }),
          ...(given && { credits: given }),
        },
      },
    });
    notify(t('case.disputeResolved'));
    onDone();
  };
  return (
    <Form onSubmit={() => void submit().catch(() => undefined)} busy={loading} submit={t('case.resolveDispute')} onCancel={onDone}>
      <Text size="sm">
        {cases(`disputes.reasonValue.${dispute.reason}`, { defaultValue: dispute.reason })}
        {dispute.text && ` — “${dispute.text}”`}
      </Text>
      {dispute.answer && (
        <Text size="sm" c="dimmed">
          {dispute.answer.text}
        </Text>
      )}
      <NativeSelect
        label={t('case.disputeOutcome')}
        value={outcome}
        onChange={(e) => setOutcome(e.currentTarget.value)}
        data={DISPUTE_OUTCOMES.map((o) => ({ value: o, label: cases(`disputes.outcomeValue.${o}`) }))}
        error={at(p, 'outcome')}
        data-autofocus
      />
      {outcome === 'partly_upheld' &&
        claims.map((c) => (
          <TextInput
            key={c.id}
            label={t('case.creditOn', { invoice: c.invoiceNumber, currency: c.currency })}
            inputMode="decimal"
            value={credits[c.id] ?? ''}
            onChange={(e) => setCredits({ ...credits, [c.id]: e.currentTarget.value })}
            error={creditProblem ?? at(p, 'credits')}
          />
        ))}
      <Textarea
        label={t('case.disputeExplanation')}
        description={t('case.disputeExplanationHint')}
        value={explanation}
        onChange={(e) => setExplanation(e.currentTarget.value)}
        onKeyDown={submitOnCtrlEnter}
        autosize
        minRows={2}
        error={at(p, 'explanation')}
      />
      <OtherProblems error={error} shown={both('outcome', 'credits', 'explanation')} />
    </Form>
  );
}

/** The dialog of one case action; `action` null closes it. */
export function CaseActionDialog({ action, data, onClose }: { action: CaseAction | null; data: CaseFileData; onClose: () => void }) {
  const { t } = useTranslation('agent');
  const { t: plans } = useTranslation('plans');
  const titles: Record<Exclude<CaseAction, object | PlanAction>, string> = {
    note: t('case.addNote'),
    hold: t('case.hold'),
    release: t('case.release'),
    send: t('case.send'),
    dispute: t('case.raiseDispute'),
  };
  const title =
    action === null
      ? ''
      : typeof action === 'object'
        ? t('case.resolveDispute')
        : ((titles as Record<string, string>)[action] ?? plans(PLAN_TITLES[action as PlanAction]));
  return (
    <Modal opened={action !== null} onClose={onClose} title={title} size="md">
      {action === 'note' && <NoteForm caseId={data.id} onDone={onClose} />}
      {action === 'hold' && <HoldForm data={data} onDone={onClose} />}
      {action === 'release' && <ReleaseForm caseId={data.id} onDone={onClose} />}
      {action === 'send' && <SendForm caseId={data.id} onDone={onClose} />}
      {action === 'dispute' && <RaiseDisputeForm data={data} onDone={onClose} />}
      {action === 'plan' && <ProposePlanForm data={data} onDone={onClose} />}
      {action === 'promise' && <PromiseForm data={data} onDone={onClose} />}
      {action === 'approvePlan' && data.paymentPlan && <ApprovePlanForm planId={data.paymentPlan.id} onDone={onClose} />}
      {action === 'rejectPlan' && data.paymentPlan && <RejectPlanForm planId={data.paymentPlan.id} onDone={onClose} />}
      {action !== null && typeof action === 'object' && <ResolveDisputeForm data={data} dispute={action.resolve} onDone={onClose} />}
    </Modal>
  );
}

type PlanAction = 'plan' | 'promise' | 'approvePlan' | 'rejectPlan';
const PLAN_TITLES: Record<PlanAction, string> = { plan: 'propose', promise: 'promise', approvePlan: 'approve', rejectPlan: 'reject' };

const PROPOSE_PLAN = graphql(`
  mutation AgentPlanPropose($input: ProposePaymentPlanInput!) {
    proposePaymentPlan(input: $input) {
      id
      status
      outsideLimits
    }
  }
`);

const MAKE_PROMISE = graphql(`
  mutation AgentPlanPromise($caseId: ID!, $amountMinor: String!, $dueOn: String!) {
    makePromise(caseId: $caseId, amountMinor: $amountMinor, dueOn: $dueOn) {
      id
      status
      dueOn
    }
  }
`);

const APPROVE_PLAN = graphql(`
  mutation AgentPlanApprove($planId: ID!) {
    approvePaymentPlan(planId: $planId) {
      id
      status
    }
  }
`);

const REJECT_PLAN = graphql(`
  mutation AgentPlanReject($planId: ID!, $reason: String!) {
    rejectPaymentPlan(planId: $planId, reason: $reason) {
      id
      status
    }
  }
`);

const PLAN_LIMITS = graphql(`
  query AgentPlanLimits($clientId: ID!) {
    client(id: $clientId) {
      id
      paymentPlanLimits {
        maxMonths
        minInstalmentMinor
        downPaymentRequired
        graceDays
      }
    }
  }
`);

/** After a plan's or a promise's change the whole case is read again (its journey, history and panel move with it). */
const REFETCH_CASE = { refetchQueries: ['CasesCaseFile'], awaitRefetchQueries: true };

/** Every problem the API names under a field (`instalments` takes `instalments[2].dueOn` too). */
const under = (p: Record<string, string>, field: string) => {
  const reasons = Object.entries(p)
    .filter(([path]) => {
      const bare = path.replace(/^input\./, '');
      return bare === field || bare.startsWith(`${field}[`) || bare.startsWith(`${field}.`);
    })
    .map(([path, reason]) => (path.replace(/^input\./, '') === field ? reason : `${path.replace(/^input\./, '')}: ${reason}`));
  return reasons.length ? reasons.join('; ') : undefined;
};

/** The client's limits for plans agreed at once, in a line. */
function ClientLimits({ clientId, currency }: { clientId: string; currency: string }) {
  const { t } = useTranslation('plans');
  const f = useFormat();
  const { data } = useQuery(PLAN_LIMITS, { variables: { clientId } });
  const l = data?.client?.paymentPlanLimits;
  if (!l) return null;
  return (
    <Text size="sm" c="dimmed" data-testid="plan-limits">
      {t('limits', {
        months: l.maxMonths,
        min: f.money(l.minInstalmentMinor, currency),
        down: l.downPaymentRequired ? t('limitsDown') : '',
        grace: l.graceDays,
      })}
    </Text>
  );
}

/** "2027-01-15 250,00" a line, read into instalments; the first line that is not one, by number. */
function typedInstalments(text: string, currency: string): { dueOn: string; amountMinor: string }[] | { line: number } {
  const out: { dueOn: string; amountMinor: string }[] = [];
  const lines = text.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n]!.trim();
    if (!line) continue;
    const m = /^(\d{4}-\d{2}-\d{2})[\s;,]+(.+)$/.exec(line);
    const minor = m ? minorOfTyped(m[2]!, currency) : null;
    if (!m || !minor) return { line: n + 1 };
    out.push({ dueOn: m[1]!, amountMinor: minor });
  }
  return out;
}

/**
 * A payment plan for what is open today: a count of monthly instalments from a first date with
 * an optional down payment, or instalments typed one a line. The API answers agreed (within the
 * client's limits) or waiting, with why.
 */
function ProposePlanForm({ data, onDone }: { data: CaseFileData; onDone: () => void }) {
  const { t } = useTranslation('plans');
  const f = useFormat();
  const currency = data.balance.currency;
  const zone = data.debtor?.timeZone ?? 'Europe/Brussels';
  const [mode, setMode] = useState<'count' | 'typed'>('count');
  const [count, setCount] = useState('6');
  const [firstDueOn, setFirstDueOn] = useState(() => calendarDate(zone, 30));
  const [down, setDown] = useState('');
  const [typed, setTyped] = useState('');
  const [local, setLocal] = useState<Record<string, string>>({});
  const [propose, { loading, error, data: answer }] = useMutation(PROPOSE_PLAN, REFETCH_CASE);
  const p = fieldProblems(error);
  const result = answer?.proposePaymentPlan;
  const submit = async () => {
    // A plan that waits is the agent's answer: the dialog only closes now.
    if (result?.status === 'pending') return onDone();
    const problems: Record<string, string> = {};
    const downMinor = down.trim() ? minorOfTyped(down, currency) : null;
    if (down.trim() && !downMinor) problems.downPaymentMinor = t('notAmount');
    let input: ProposePaymentPlanInput;
    if (mode === 'count') {
      if (!/^\d+$/.test(count.trim())) problems.count = t('required');
      if (!firstDueOn) problems.firstDueOn = t('required');
      input = { caseId: data.id, count: Number(count), firstDueOn, ...(downMinor && { downPaymentMinor: downMinor }) };
    } else {
      const read = typedInstalments(typed, currency);
      if (!Array.isArray(read)) problems.instalments = t('typedProblem', { line: read.line });
      else if (!read.length) problems.instalments = t('required');
      input = { caseId: data.id, instalments: Array.isArray(read) ? read : [], ...(downMinor && { downPaymentMinor: downMinor }) };
    }
    setLocal(problems);
    if (Object.keys(problems).length) return;
    const { data: done } = await propose({ variables: { input } });
    const plan = done?.proposePaymentPlan;
    if (plan?.status === 'agreed') {
      notify(t('agreed'));
      onDone();
    }
  };
  const shown = both('count', 'firstDueOn', 'downPaymentMinor', 'instalments');
  return (
    <Form
      onSubmit={() => void submit().catch(() => undefined)}
      busy={loading}
      submit={result?.status === 'pending' ? t('close') : t('propose')}
      onCancel={onDone}
    >
      <Text size="sm">{t('open', { amount: f.money(data.balance.openMinor, currency) })}</Text>
      <ClientLimits clientId={data.clientId} currency={currency} />
      <SegmentedControl
        aria-label={t('mode')}
        value={mode}
        onChange={(v) => setMode(v as 'count' | 'typed')}
        data={[
          { value: 'count', label: t('modeCount') },
          { value: 'typed', label: t('modeTyped') },
        ]}
      />
      {mode === 'count' ? (
        <Group grow align="flex-start">
          <TextInput
            label={t('count')}
            inputMode="numeric"
            value={count}
            onChange={(e) => setCount(e.currentTarget.value)}
            required
            data-autofocus
            error={local.count ?? under(p, 'count')}
          />
          <TextInput
            type="date"
            label={t('firstDueOn')}
            value={firstDueOn}
            onChange={(e) => setFirstDueOn(e.currentTarget.value)}
            required
            error={local.firstDueOn ?? under(p, 'firstDueOn')}
          />
        </Group>
      ) : (
        <Textarea
          label={t('typed')}
          description={t('typedHint')}
          value={typed}
          onChange={(e) => setTyped(e.currentTarget.value)}
          onKeyDown={submitOnCtrlEnter}
          autosize
          minRows={3}
          required
          data-autofocus
          error={local.instalments ?? under(p, 'instalments')}
        />
      )}
      <TextInput
        label={t('downPaymentMinor', { currency })}
        inputMode="decimal"
        value={down}
        onChange={(e) => setDown(e.currentTarget.value)}
        error={local.downPaymentMinor ?? (under(p, 'downPaymentMinor') || under(p, 'downPaymentOn'))}
      />
      {result?.status === 'pending' && (
        <Alert color="orange" title={t('pending')} role="status">
          {result.outsideLimits.map((r) => (
            <Text key={r} size="sm">
              {r}
            </Text>
          ))}
        </Alert>
      )}
      <OtherProblems
        error={error}
        shown={[...shown, ...Object.keys(p).filter((k) => /^(input\.)?(instalments|count|firstDueOn|downPayment)/.test(k))]}
      />
    </Form>
  );
}

/** The debtor's promise to pay an amount by a date (at most 92 days on, no more than is open). */
function PromiseForm({ data, onDone }: { data: CaseFileData; onDone: () => void }) {
  const { t } = useTranslation('plans');
  const f = useFormat();
  const currency = data.balance.currency;
  const zone = data.debtor?.timeZone ?? 'Europe/Brussels';
  const [amount, setAmount] = useState('');
  const [dueOn, setDueOn] = useState(() => calendarDate(zone, 7));
  const [local, setLocal] = useState<Record<string, string>>({});
  const [make, { loading, error }] = useMutation(MAKE_PROMISE, REFETCH_CASE);
  const p = fieldProblems(error);
  const submit = async () => {
    const amountMinor = minorOfTyped(amount, currency);
    const problems: Record<string, string> = {};
    if (!amount.trim()) problems.amountMinor = t('required');
    else if (!amountMinor) problems.amountMinor = t('notAmount');
    if (!dueOn) problems.dueOn = t('required');
    setLocal(problems);
    if (Object.keys(problems).length || !amountMinor) return;
    await make({ variables: { caseId: data.id, amountMinor, dueOn } });
    notify(t('promised', { date: f.date(dueOn) }));
    onDone();
  };
  return (
    <Form onSubmit={() => void submit().catch(() => undefined)} busy={loading} submit={t('promise')} onCancel={onDone}>
      <Text size="sm">{t('open', { amount: f.money(data.balance.openMinor, currency) })}</Text>
      <TextInput
        label={t('promiseAmount', { currency })}
        inputMode="decimal"
        value={amount}
        onChange={(e) => setAmount(e.currentTarget.value)}
        required
        data-autofocus
        error={local.amountMinor ?? at(p, 'amountMinor')}
      />
      <TextInput
        type="date"
        label={t('promiseDate')}
        value={dueOn}
        min={calendarDate(zone)}
        max={calendarDate(zone, 92)}
        onChange={(e) => setDueOn(e.currentTarget.value)}
        required
        error={local.dueOn ?? at(p, 'dueOn')}
      />
      <OtherProblems error={error} shown={both('amountMinor', 'dueOn')} />
    </Form>
  );
}

function ApprovePlanForm({ planId, onDone }: { planId: string; onDone: () => void }) {
  const { t } = useTranslation('plans');
  const [approve, { loading, error }] = useMutation(APPROVE_PLAN, REFETCH_CASE);
  const submit = async () => {
    await approve({ variables: { planId } });
    notify(t('approved'));
    onDone();
  };
  return (
    <Form onSubmit={() => void submit().catch(() => undefined)} busy={loading} submit={t('approve')} onCancel={onDone}>
      <Text size="sm">{t('pending')}</Text>
      <OtherProblems error={error} shown={[]} />
    </Form>
  );
}

function RejectPlanForm({ planId, onDone }: { planId: string; onDone: () => void }) {
  const { t } = useTranslation('plans');
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const [reject, { loading, error }] = useMutation(REJECT_PLAN, REFETCH_CASE);
  const p = fieldProblems(error);
  const submit = async () => {
    if (!reason.trim()) return setMissing(true);
    await reject({ variables: { planId, reason: reason.trim() } });
    notify(t('rejected'));
    onDone();
  };
  return (
    <Form onSubmit={() => void submit().catch(() => undefined)} busy={loading} submit={t('reject')} onCancel={onDone}>
      <Textarea
        label={t('reason')}
        value={reason}
        onChange={(e) => setReason(e.currentTarget.value)}
        onKeyDown={submitOnCtrlEnter}
        autosize
        minRows={2}
        required
        data-autofocus
        error={(missing && !reason.trim() ? t('reasonRequired') : undefined) ?? at(p, 'reason')}
      />
      <OtherProblems error={error} shown={both('reason')} />
    </Form>
  );
}
