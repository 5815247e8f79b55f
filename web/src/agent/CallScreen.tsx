import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, Badge, Button, Grid, Group, Kbd, NativeSelect, Paper, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { KeyboardEvent as ReactKeyboardEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { errorText, fieldProblems } from '../api/errors';
import { CASES_CALLS, CASES_CASE_FILE, Fact } from '../cases';
import { ErrorState, Loading, NotFound } from '../components/PageState';
import { decimalOf, useFormat } from '../format';
import { graphql } from '../gql';
import type { AgentCallCaseQuery } from '../gql/graphql';
import { LANGUAGE_NAMES, isLanguage } from '../i18n';
import { MEANING, PHASE_COLOUR } from '../theme';
import { minorOfTyped } from '../amount';
import { calendarDate } from './amount';
import { notify } from './notify';
import { useShortcuts } from './shortcuts';

const CALL_CASE = graphql(`
  query AgentCallCase($id: ID!) {
    case(id: $id) {
      id
      brandId
      phase
      holdUntil
      holdReason
      balance {
        currency
        openMinor
      }
      brand {
        id
        name
        languages
        phone
      }
      debtor {
        id
        name
        kind
        language
        phones
        timeZone
        country
      }
      paymentReference {
        caseNumber
        ogm
      }
    }
  }
`);

const CALL_SCRIPT = graphql(`
  query AgentCallScript($brandId: ID!, $language: String!, $caseId: ID) {
    callScript(brandId: $brandId, language: $language, caseId: $caseId) {
      language
      greeting
      identityCheck
      reason
      paymentOptions
      closing
      source
    }
  }
`);

const CALL_WINDOW = graphql(`
  query AgentCallWindow($caseId: ID!) {
    assessCase(caseId: $caseId, step: "phone_call") {
      now
      jurisdiction
      decisions {
        step
        allowed
        rule
        source
        reason
        earliestAt
        checks {
          allowed
          rule
          source
          reason
          earliestAt
        }
      }
    }
  }
`);

const LOG_CALL = graphql(`
  mutation AgentLogCall($input: LogCallInput!) {
    logCall(input: $input) {
      id
      caseId
      agentId
      number
      direction
      outcome
      startedAt
      durationSeconds
      notes
      callBackAt
      promiseAmountMinor
      promiseCurrency
      promiseDueDate
    }
  }
`);

type CallCase = NonNullable<AgentCallCaseQuery['case']>;

/** The outcomes an agent logs, each with its key. */
export const OUTCOMES = [
  { outcome: 'promise_to_pay', key: 'p' },
  { outcome: 'call_back', key: 'b' },
  { outcome: 'reached', key: 'r' },
  { outcome: 'no_answer', key: 'n' },
  { outcome: 'wrong_number', key: 'w' },
  { outcome: 'dispute_raised', key: 'd' },
] as const;
type Outcome = (typeof OUTCOMES)[number]['outcome'];

/** Escape in a field leaves it, so the page's single keys work again. */
const leaveOnEscape = (e: ReactKeyboardEvent<HTMLElement>) => {
  if (e.key === 'Escape') {
    e.preventDefault();
    e.stopPropagation();
    e.currentTarget.blur();
  }
};

/** The legal call window: may the agent call this debtor now, by which rule, and from when if not. */
function CallWindow({ caseId, timeZone }: { caseId: string; timeZone: string }) {
  const { t } = useTranslation('agent');
  const f = useFormat();
  const { data, loading, error, refetch } = useQuery(CALL_WINDOW, { variables: { caseId }, fetchPolicy: 'network-only' });
  const decision = data?.assessCase.decisions.find((d) => d.step === 'phone_call') ?? data?.assessCase.decisions[0];
  const localTime = new Intl.DateTimeFormat(f.locale, { timeZone, hour: '2-digit', minute: '2-digit', weekday: 'short' }).format(
    new Date(),
  );
  return (
    <Paper withBorder p="sm" component="section" aria-labelledby="call-window-title">
      <Title order={2} size="h5" id="call-window-title" mb="xs">
        {t('call.window')}
      </Title>
      <Text size="xs" c="dimmed" mb="xs">
        {t('call.debtorTime', { time: localTime, zone: timeZone })}
      </Text>
      {error && <ErrorState error={error} onRetry={() => void refetch()} />}
      {loading && !data && <Loading />}
      {decision && (
        <Stack gap="xs">
          <Badge size="lg" color={decision.allowed ? MEANING.ok : MEANING.refused} data-testid="call-window">
            {decision.allowed ? t('call.mayCall') : t('call.mayNotCall')}
          </Badge>
          {!decision.allowed && (
            // The rule that refuses, with why and from when it allows.
            <div>
              <Group gap="xs">
                <Badge variant="outline" color="gray.7">
                  {decision.rule}
                </Badge>
                <Text size="sm">{decision.reason}</Text>
              </Group>
              {decision.earliestAt && (
                <Text size="sm" fw={500}>
                  {t('call.from', { when: f.dateTime(decision.earliestAt) })}
                </Text>
              )}
            </div>
          )}
          <Stack gap={2} component="ul" aria-label={t('call.checks')} style={{ listStyle: 'none', margin: 0, padding: 0 }}>
            {decision.checks.map((c, i) => (
              <Text key={i} size="xs" component="li" c={c.allowed ? undefined : 'red.9'}>
                <span aria-hidden>{c.allowed ? '✓' : '✗'}</span> {c.rule}: {c.reason}
                <Text span size="xs" c="dimmed">
                  {' '}
                  ({c.source})
                </Text>
              </Text>
            ))}
          </Stack>
        </Stack>
      )}
    </Paper>
  );
}

/** The brand's call script in the debtor's language, filled in for the case. */
function Script({ c }: { c: CallCase }) {
  const { t } = useTranslation('agent');
  const language = c.debtor?.language ?? c.brand?.languages[0] ?? 'en';
  const { data, loading, error, refetch } = useQuery(CALL_SCRIPT, { variables: { brandId: c.brandId, language, caseId: c.id } });
  const script = data?.callScript;
  const sections = ['greeting', 'identityCheck', 'reason', 'paymentOptions', 'closing'] as const;
  return (
    <Paper withBorder p="sm" component="section" aria-labelledby="call-script-title">
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h5" id="call-script-title">
          {t('call.script')}
        </Title>
        {script && (
          <Text size="xs" c="dimmed">
            {isLanguage(script.language) ? LANGUAGE_NAMES[script.language] : script.language} ·{' '}
            {t(`call.scriptSource.${script.source}`, { defaultValue: script.source })}
          </Text>
        )}
      </Group>
      {error && <ErrorState error={error} onRetry={() => void refetch()} />}
      {loading && !data && <Loading />}
      {script && (
        <Stack gap="sm">
          {sections.map((s) => (
            <div key={s}>
              <Text size="xs" c="dimmed" fw={600} tt="uppercase">
                {t(`call.section.${s}`)}
              </Text>
              <Text size="md" style={{ whiteSpace: 'pre-wrap' }} lang={script.language}>
                {script[s]}
              </Text>
            </div>
          ))}
        </Stack>
      )}
    </Paper>
  );
}

/** The typed amount of a promise, shown in the currency's decimals of the agent's language. */
function localDecimal(minor: string, currency: string, locale: string): string {
  const separator = new Intl.NumberFormat(locale).formatToParts(1.5).find((p) => p.type === 'decimal')?.value ?? '.';
  return decimalOf(minor, currency).replace('.', separator);
}

/** A local date and time for `datetime-local`, tomorrow at 10:00. */
function tomorrowAtTen(): string {
  const d = new Date(Date.now() + 86_400_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T10:00`;
}

function LogCallForm({ c }: { c: CallCase }) {
  const { t } = useTranslation('agent');
  const { t: cases } = useTranslation('cases');
  const f = useFormat();
  const navigate = useNavigate();
  const currency = c.balance.currency;
  const zone = c.debtor?.timeZone ?? 'Europe/Brussels';
  const phones = c.debtor?.phones ?? [];
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [number, setNumber] = useState(phones[0] ?? '');
  const [direction, setDirection] = useState('outbound');
  const [amount, setAmount] = useState(() => localDecimal(c.balance.openMinor, currency, f.locale));
  const [dueDate, setDueDate] = useState(() => calendarDate(zone, 7));
  const [callBackAt, setCallBackAt] = useState(tomorrowAtTen);
  const [notes, setNotes] = useState('');
  const [amountProblem, setAmountProblem] = useState<string | null>(null);
  const amountRef = useRef<HTMLInputElement>(null);
  const callBackRef = useRef<HTMLInputElement>(null);
  const notesRef = useRef<HTMLInputElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const [log, { loading, error }] = useMutation(LOG_CALL, {
    refetchQueries: [
      { query: CASES_CALLS, variables: { caseId: c.id } },
      { query: CASES_CASE_FILE, variables: { id: c.id } },
    ],
  });
  const p = fieldProblems(error);

  // A chosen outcome takes the agent to what it still needs.
  useEffect(() => {
    if (outcome === 'promise_to_pay') amountRef.current?.select();
    else if (outcome === 'call_back') callBackRef.current?.focus();
    else if (outcome) notesRef.current?.focus();
  }, [outcome]);

  const keys = Object.fromEntries(OUTCOMES.map((o) => [o.key, () => setOutcome(o.outcome)]));
  useShortcuts({
    ...keys,
    Enter: () => outcome && formRef.current?.requestSubmit(),
    Escape: () => void navigate(`/agent/cases/${c.id}`),
  });

  const submit = async () => {
    if (!outcome) return;
    setAmountProblem(null);
    let promise = {};
    if (outcome === 'promise_to_pay') {
      const minor = minorOfTyped(amount, currency);
      if (!minor || minor === '0') {
        setAmountProblem(t('call.amountProblem'));
        amountRef.current?.focus();
        return;
      }
      promise = { promiseAmountMinor: minor, promiseCurrency: currency, promiseDueDate: dueDate };
    }
    const input = {
      caseId: c.id,
      number,
      direction,
      outcome,
      ...(notes.trim() && { notes: notes.trim() }),
      ...(outcome === 'call_back' && callBackAt && { callBackAt: new Date(callBackAt).toISOString() }),
      ...promise,
    };
    await log({ variables: { input } });
    notify(t('call.logged', { outcome: cases(`calls.outcomeValue.${outcome}`) }));
    void navigate(`/agent/cases/${c.id}`);
  };

  const shown = [
    'input.number',
    'input.direction',
    'input.outcome',
    'input.notes',
    'input.callBackAt',
    'input.promise',
    'input.promise.amount',
    'input.promise.dueDate',
  ];
  const other = Object.entries(p).filter(([field]) => !shown.includes(field));

  return (
    <Paper withBorder p="sm" component="section" aria-labelledby="log-call-title">
      <Title order={2} size="h5" id="log-call-title" mb="xs">
        {t('call.outcome')}
      </Title>
      <form
        ref={formRef}
        onSubmit={(e) => {
          e.preventDefault();
          void submit().catch(() => undefined);
        }}
      >
        <Stack gap="sm">
          <SimpleGrid cols={2} spacing="xs" role="group" aria-label={t('call.outcome')}>
            {OUTCOMES.map((o) => (
              <Button
                key={o.outcome}
                variant={outcome === o.outcome ? 'filled' : 'default'}
                aria-pressed={outcome === o.outcome}
                aria-keyshortcuts={o.key}
                onClick={() => setOutcome(o.outcome)}
                justify="space-between"
                rightSection={<Kbd aria-hidden>{o.key}</Kbd>}
              >
                {cases(`calls.outcomeValue.${o.outcome}`)}
              </Button>
            ))}
          </SimpleGrid>
          {p['input.outcome'] && (
            <Text size="sm" c="red.9" role="alert">
              {p['input.outcome']}
            </Text>
          )}
          {outcome === 'promise_to_pay' && (
            <Group grow align="flex-start">
              <TextInput
                ref={amountRef}
                label={t('call.amount', { currency })}
                inputMode="decimal"
                value={amount}
                onChange={(e) => setAmount(e.currentTarget.value)}
                onKeyDown={leaveOnEscape}
                required
                error={amountProblem ?? p['input.promise.amount'] ?? p['input.promise']}
              />
              <TextInput
                type="date"
                label={t('call.promiseDate')}
                value={dueDate}
                min={calendarDate(zone)}
                onChange={(e) => setDueDate(e.currentTarget.value)}
                onKeyDown={leaveOnEscape}
                required
                error={p['input.promise.dueDate']}
              />
            </Group>
          )}
          {outcome === 'call_back' && (
            <TextInput
              ref={callBackRef}
              type="datetime-local"
              label={t('call.callBackAt')}
              value={callBackAt}
              onChange={(e) => setCallBackAt(e.currentTarget.value)}
              onKeyDown={leaveOnEscape}
              required
              error={p['input.callBackAt']}
            />
          )}
          <Group grow align="flex-start">
            {phones.length > 0 ? (
              <NativeSelect
                label={t('call.number')}
                value={number}
                onChange={(e) => setNumber(e.currentTarget.value)}
                data={phones}
                error={p['input.number']}
              />
            ) : (
              <TextInput
                label={t('call.number')}
                description={t('call.numberHint')}
                value={number}
                onChange={(e) => setNumber(e.currentTarget.value)}
                onKeyDown={leaveOnEscape}
                required
                error={p['input.number']}
              />
            )}
            <NativeSelect
              label={t('call.direction')}
              value={direction}
              onChange={(e) => setDirection(e.currentTarget.value)}
              data={['outbound', 'inbound'].map((d) => ({ value: d, label: cases(`calls.directionValue.${d}`) }))}
              error={p['input.direction']}
            />
          </Group>
          <TextInput
            ref={notesRef}
            label={t('call.notes')}
            value={notes}
            onChange={(e) => setNotes(e.currentTarget.value)}
            onKeyDown={leaveOnEscape}
            error={p['input.notes']}
          />
          {error && (other.length > 0 || Object.keys(p).length === 0) && (
            <Alert color="red" role="alert" title={t('call.notLogged')}>
              {other.length ? other.map(([field, reason]) => <Text key={field} size="sm">{`${field}: ${reason}`}</Text>) : errorText(error)}
            </Alert>
          )}
          <Group justify="space-between">
            <Text size="xs" c="dimmed">
              {t('call.keysHelp')}
            </Text>
            <Button type="submit" loading={loading} disabled={!outcome}>
              {t('call.log')}
              <Kbd ml={6} aria-hidden>
                Enter
              </Kbd>
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

/** The call screen: which brand the agent speaks for, the script, the legal window, the outcome in a few keys. */
export function CallScreen() {
  const { caseId = '' } = useParams();
  const { t } = useTranslation('agent');
  const { t: common } = useTranslation();
  const f = useFormat();
  const { data, loading, error, refetch } = useQuery(CALL_CASE, { variables: { id: caseId } });
  if (error && !data) return <ErrorState error={error} onRetry={() => void refetch()} />;
  if (loading && !data) return <Loading />;
  const c = data?.case;
  if (!c) return <NotFound />;
  return (
    <Stack gap="md">
      <Paper p="sm" bg="indigo.9" c="white" radius="sm">
        <Group justify="space-between" align="center" wrap="wrap">
          <div>
            <Text size="xs" tt="uppercase" fw={600}>
              {t('call.speakFor')}
            </Text>
            <Title order={1} size="h1" data-testid="call-brand">
              {c.brand?.name ?? '—'}
            </Title>
          </div>
          <Button component={Link} to={`/agent/cases/${c.id}`} variant="white" size="xs">
            ← {t('call.backToCase')}
            <Kbd ml={6} aria-hidden>
              Esc
            </Kbd>
          </Button>
        </Group>
      </Paper>
      <Group gap="lg" wrap="wrap" align="flex-end">
        <Fact label={t('call.debtor')}>
          <Text fw={700} size="lg">
            {c.debtor?.name}
          </Text>
        </Fact>
        <Fact label={t('call.phones')}>{c.debtor?.phones.join(', ') || '—'}</Fact>
        <Fact label={t('call.open')}>
          <Text fw={700} size="lg" style={{ fontVariantNumeric: 'tabular-nums' }}>
            {f.money(c.balance.openMinor, c.balance.currency)}
          </Text>
        </Fact>
        <Fact label={t('call.language')}>
          {c.debtor && isLanguage(c.debtor.language) ? LANGUAGE_NAMES[c.debtor.language] : c.debtor?.language}
        </Fact>
        {c.paymentReference && <Fact label={t('call.reference')}>{c.paymentReference.ogm}</Fact>}
        <Badge color={PHASE_COLOUR[c.phase] ?? 'gray'}>{common(`phase.${c.phase}`, { defaultValue: c.phase })}</Badge>
        {c.holdUntil && c.phase !== 'closed' && <Badge color={MEANING.hold}>{t('call.onHold', { date: f.date(c.holdUntil) })}</Badge>}
      </Group>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Script c={c} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack gap="md">
            <CallWindow caseId={c.id} timeZone={c.debtor?.timeZone ?? 'Europe/Brussels'} />
            <LogCallForm c={c} />
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
