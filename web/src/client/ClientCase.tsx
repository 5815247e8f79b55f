import { useMutation } from '@apollo/client/react';
import { Alert, Anchor, Button, Group, Modal, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { errorText, fieldProblems } from '../api/errors';
import { CaseFile, type CaseFileData } from '../cases';
import { useFormat } from '../format';
import { graphql } from '../gql';
import { EscalationApproval } from './EscalationApproval';
import { MEANING } from '../theme';
import { minorOfTyped } from '../amount';
import { useNotify } from './notify';
import { PlanApproval } from './PlanApproval';
import { SettlementDecision } from '../settlements/SettlementDecision';
import { WriteOffButton } from '../settlements/WriteOff';
import { InstructionsList } from '../settlements/InstructionsList';

const RECALL_CASE = graphql(`
  mutation ClientRecallCase($input: RecallCaseInput!) {
    recallCase(input: $input) {
      id
      version
      ...CasesHeader
      ...CasesClaims
      ...CasesHistory
    }
  }
`);

const RECALL_CLAIM = graphql(`
  mutation ClientRecallClaim($input: RecallClaimInput!) {
    recallClaim(input: $input) {
      id
      version
      ...CasesHeader
      ...CasesClaims
      ...CasesHistory
    }
  }
`);

const HOLD = graphql(`
  mutation ClientHoldCase($input: HoldCaseInput!) {
    holdCase(input: $input) {
      id
      version
      ...CasesHeader
      ...CasesHistory
      ...CasesJourney
    }
  }
`);

const RELEASE_HOLD = graphql(`
  mutation ClientReleaseCaseHold($input: ReleaseCaseHoldInput!) {
    releaseCaseHold(input: $input) {
      id
      version
      ...CasesHeader
      ...CasesHistory
      ...CasesJourney
    }
  }
`);

/** The longest hold a client instructs on its own (the API's CLIENT_HOLD_MAX_DAYS). */
const HOLD_MAX_DAYS = 90;

const REPORT_PAYMENT = graphql(`
  mutation ClientReportPayment($input: RecordPaymentInput!) {
    recordPayment(input: $input) {
      id
      caseId
      amountMinor
      currency
      receivedOn
    }
  }
`);

/** The API's problem for a field, whether it names it bare (`reason`) or under its input (`input.reason`). */
const problemOf = (problems: Record<string, string>, field: string) => problems[`input.${field}`] ?? problems[field];

/** Today in the agency's calendar (a payment cannot be received after it), or that many days on. */
const agencyToday = (days = 0) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Brussels' }).format(new Date(Date.now() + days * 86_400_000));

/**
 * A case of the client's, as every audience sees it, with the client's own instructions: take
 * the case or one invoice back (a reason and a confirmation), report a payment made to it.
 * Another client's case is "Not found" (the API answers null for it).
 */
export function ClientCase() {
  const { id = '' } = useParams();
  const { t } = useTranslation('client');
  const [dialog, setDialog] = useState<null | 'recallCase' | 'recallClaim' | 'payment' | 'hold'>(null);
  return (
    <>
      <Anchor component={Link} to="/client/cases" size="sm" mb="xs" display="inline-block">
        ← {t('case.back')}
      </Anchor>
      <CaseFile
        caseId={id}
        hide={{ calls: true, notes: true }}
        headerActions={(c) =>
          c.phase !== 'closed' && (
            <>
              <Button variant="default" onClick={() => setDialog('payment')}>
                {t('case.reportPayment')}
              </Button>
              <Button variant="default" onClick={() => setDialog('hold')}>
                {c.holdUntil ? t('case.releaseHold') : t('case.hold')}
              </Button>
              {c.claims.filter((cl) => cl.status === 'open').length > 1 && (
                <Button variant="default" onClick={() => setDialog('recallClaim')}>
                  {t('case.recallClaimButton')}
                </Button>
              )}
              <Button color={MEANING.refused} variant="outline" onClick={() => setDialog('recallCase')}>
                {t('case.recallCase')}
              </Button>
              <WriteOffButton caseId={c.id} />
            </>
          )
        }
        headerExtra={(c) => (
          <>
            {c.phase !== 'closed' && <EscalationApproval caseId={c.id} />}
            {c.phase !== 'closed' && <SettlementDecision caseId={c.id} />}
            {c.phase !== 'closed' && (
              <Text size="sm" c="dimmed" maw={760}>
                {t('case.instructionsText')}
              </Text>
            )}
            {c.phase === 'closed' && c.closeReason && (
              <Alert
                color="gray"
                variant="light"
                title={t('case.closed', { outcome: t(`outcome.${c.outcome}`, { defaultValue: c.outcome }) })}
              >
                {t('case.closedReason', { reason: c.closeReason })}
              </Alert>
            )}
            <PlanApproval data={c} />
            <InstructionsList caseId={c.id} />
            {dialog === 'recallCase' && <RecallCaseDialog data={c} onClose={() => setDialog(null)} />}
            {dialog === 'recallClaim' && <RecallClaimDialog data={c} onClose={() => setDialog(null)} />}
            {dialog === 'payment' && <PaymentDialog data={c} onClose={() => setDialog(null)} />}
            {dialog === 'hold' && <HoldDialog data={c} onClose={() => setDialog(null)} />}
          </>
        )}
      />
    </>
  );
}

function RecallCaseDialog({ data, onClose }: { data: CaseFileData; onClose: () => void }) {
  const { t } = useTranslation('client');
  const notify = useNotify();
  const { t: common } = useTranslation();
  const f = useFormat();
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const [recall, { loading, error }] = useMutation(RECALL_CASE);
  const problems = fieldProblems(error);
  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!reason.trim()) return setMissing(true);
    const done = await recall({ variables: { input: { caseId: data.id, reason: reason.trim() } } }).catch(() => null);
    if (done?.data) {
      notify(t('case.recalledCase'));
      onClose();
    }
  }
  const fieldError = (missing && !reason.trim() ? t('case.reasonRequired') : undefined) ?? problemOf(problems, 'reason');
  return (
    <Modal opened onClose={onClose} title={t('case.recallCaseTitle')} closeButtonProps={{ 'aria-label': t('case.close') }}>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Stack gap="sm">
          <Text size="sm">{t('case.recallCaseText', { open: f.money(data.balance.openMinor, data.balance.currency) })}</Text>
          <Textarea
            label={t('case.reason')}
            description={t('case.reasonHint')}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={fieldError}
            required
            autosize
            minRows={2}
            data-autofocus
          />
          {error && !Object.keys(problems).length && (
            <Alert color="red" role="alert">
              {errorText(error)}
            </Alert>
          )}
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={onClose}>
              {common('cancel')}
            </Button>
            <Button type="submit" color={MEANING.refused} loading={loading}>
              {t('case.confirmRecall')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function RecallClaimDialog({ data, onClose }: { data: CaseFileData; onClose: () => void }) {
  const { t } = useTranslation('client');
  const notify = useNotify();
  const { t: common } = useTranslation();
  const f = useFormat();
  const open = data.claims.filter((c) => c.status === 'open');
  const [claimId, setClaimId] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState(false);
  const [recall, { loading, error }] = useMutation(RECALL_CLAIM);
  const problems = fieldProblems(error);
  const claim = open.find((c) => c.id === claimId);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setTried(true);
    if (!claimId || !reason.trim()) return;
    const done = await recall({ variables: { input: { claimId, reason: reason.trim() } } }).catch(() => null);
    if (done?.data) {
      notify(t('case.recalledClaim', { invoice: claim?.invoiceNumber ?? '' }));
      onClose();
    }
  }
  return (
    <Modal opened onClose={onClose} title={t('case.recallClaimButton')} closeButtonProps={{ 'aria-label': t('case.close') }}>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Stack gap="sm">
          <Text size="sm">{t('case.recallClaimText')}</Text>
          <Select
            label={t('case.invoice')}
            data={open.map((c) => ({ value: c.id, label: `${c.invoiceNumber} — ${f.money(c.principalMinor, c.currency)}` }))}
            value={claimId}
            onChange={setClaimId}
            error={(tried && !claimId ? t('case.required') : undefined) ?? problemOf(problems, 'claimId')}
            required
            data-autofocus
          />
          <Textarea
            label={t('case.reason')}
            description={t('case.reasonHint')}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={(tried && !reason.trim() ? t('case.reasonRequired') : undefined) ?? problemOf(problems, 'reason')}
            required
            autosize
            minRows={2}
          />
          {error && !Object.keys(problems).length && (
            <Alert color="red" role="alert">
              {errorText(error)}
            </Alert>
          )}
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={onClose}>
              {common('cancel')}
            </Button>
            <Button type="submit" color={MEANING.refused} loading={loading}>
              {t('case.confirmRecall')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function PaymentDialog({ data, onClose }: { data: CaseFileData; onClose: () => void }) {
  const { t, i18n } = useTranslation('client');
  const notify = useNotify();
  const calendarLabels = t('calendar', { returnObjects: true }) as Record<string, string>;
  const { t: common } = useTranslation();
  const today = agencyToday();
  const [amount, setAmount] = useState('');
  const [receivedOn, setReceivedOn] = useState(today);
  const [payerName, setPayerName] = useState('');
  const [note, setNote] = useState('');
  const [tried, setTried] = useState(false);
  const [record, { loading, error }] = useMutation(REPORT_PAYMENT, { refetchQueries: ['CasesCaseFile'], awaitRefetchQueries: true });
  const problems = fieldProblems(error);
  const amountMinor = amount.trim() ? (minorOfTyped(amount, data.balance.currency) ?? undefined) : undefined;
  async function submit(e: FormEvent) {
    e.preventDefault();
    setTried(true);
    if (!amountMinor || amountMinor === '0' || !receivedOn) return;
    const input = {
      caseId: data.id,
      amountMinor,
      receivedOn,
      source: 'direct',
      ...(payerName.trim() ? { payerName: payerName.trim() } : {}),
      ...(note.trim() ? { note: note.trim() } : {}),
    };
    const done = await record({ variables: { input } }).catch(() => null);
    if (done?.data) {
      notify(t('case.paymentRecorded'));
      onClose();
    }
  }
  const amountError =
    tried && (!amount.trim() ? t('case.required') : !amountMinor || amountMinor === '0' ? t('cases.notAmount') : undefined);
  return (
    <Modal opened onClose={onClose} title={t('case.paymentTitle')} closeButtonProps={{ 'aria-label': t('case.close') }}>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Stack gap="sm">
          <Text size="sm">{t('case.paymentText')}</Text>
          <TextInput
            label={`${t('case.paymentAmount')} (${data.balance.currency})`}
            inputMode="decimal"
            value={amount}
            onChange={(e) => setAmount(e.currentTarget.value)}
            error={amountError || problemOf(problems, 'amountMinor')}
            required
            data-autofocus
          />
          <DatePickerInput
            label={t('case.paymentDate')}
            value={receivedOn}
            onChange={(v) => setReceivedOn(v ?? '')}
            maxDate={today}
            locale={i18n.language}
            valueFormat="D MMM YYYY"
            ariaLabels={calendarLabels}
            error={(tried && !receivedOn ? t('case.required') : undefined) ?? problemOf(problems, 'receivedOn')}
            required
          />
          <TextInput
            label={t('case.payerName')}
            value={payerName}
            onChange={(e) => setPayerName(e.currentTarget.value)}
            error={problemOf(problems, 'payerName')}
          />
          <Textarea
            label={t('case.note')}
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
            error={problemOf(problems, 'note')}
          />
          {error && !Object.keys(problems).length && (
            <Alert color="red" role="alert">
              {errorText(error)}
            </Alert>
          )}
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={onClose}>
              {common('cancel')}
            </Button>
            <Button type="submit" loading={loading}>
              {t('case.confirmPayment')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/**
 * The client's instruction to pause collection until a date (at most HOLD_MAX_DAYS; the agency
 * may hold longer), or to go on before it: a reason either way, kept in the case's history.
 */
function HoldDialog({ data, onClose }: { data: CaseFileData; onClose: () => void }) {
  const { t, i18n } = useTranslation('client');
  const notify = useNotify();
  const calendarLabels = t('calendar', { returnObjects: true }) as Record<string, string>;
  const { t: common } = useTranslation();
  const f = useFormat();
  const releasing = !!data.holdUntil;
  const [until, setUntil] = useState(agencyToday(30));
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState(false);
  const [hold, held] = useMutation(HOLD);
  const [release, released] = useMutation(RELEASE_HOLD);
  const { loading, error } = releasing ? released : held;
  const problems = fieldProblems(error);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setTried(true);
    if (!reason.trim() || (!releasing && !until)) return;
    const done = await (
      releasing
        ? release({ variables: { input: { caseId: data.id, reason: reason.trim() } } })
        : hold({ variables: { input: { caseId: data.id, until, reason: reason.trim() } } })
    ).catch(() => null);
    if (done?.data) {
      notify(releasing ? t('case.holdReleased') : t('case.held', { until: f.date(until) }));
      onClose();
    }
  }
  return (
    <Modal
      opened
      onClose={onClose}
      title={releasing ? t('case.releaseHold') : t('case.holdTitle')}
      closeButtonProps={{ 'aria-label': t('case.close') }}
    >
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Stack gap="sm">
          <Text size="sm">
            {releasing ? t('case.releaseHoldText', { until: f.date(data.holdUntil!) }) : t('case.holdText', { days: HOLD_MAX_DAYS })}
          </Text>
          {!releasing && (
            <DatePickerInput
              label={t('case.holdUntil')}
              value={until}
              onChange={(v) => setUntil(v ?? '')}
              minDate={agencyToday(1)}
              maxDate={agencyToday(HOLD_MAX_DAYS)}
              locale={i18n.language}
              valueFormat="D MMM YYYY"
              ariaLabels={calendarLabels}
              error={(tried && !until ? t('case.required') : undefined) ?? problemOf(problems, 'until')}
              required
            />
          )}
          <Textarea
            label={t('case.reason')}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={(tried && !reason.trim() ? t('case.reasonRequired') : undefined) ?? problemOf(problems, 'reason')}
            required
            autosize
            minRows={2}
            data-autofocus
          />
          {error && !Object.keys(problems).length && (
            <Alert color="red" role="alert">
              {errorText(error)}
            </Alert>
          )}
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={onClose}>
              {common('cancel')}
            </Button>
            <Button type="submit" loading={loading}>
              {releasing ? t('case.confirmRelease') : t('case.confirmHold')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
