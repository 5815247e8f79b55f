import { useApolloClient, useMutation, useQuery } from '@apollo/client/react';
import { Alert, Anchor, Button, Group, List, NativeSelect, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { errorText, fieldProblems } from '../api/errors';
import { CaseSection } from '../cases';
import { downloadBase64 } from '../download';
import { useFormat } from '../format';
import { graphql } from '../gql';
import type { ProceedingCaseQuery } from '../gql/graphql';
import { addMessages } from '../i18n';
import { proceedingsMessages } from './proceedings-messages';

addMessages('proceedings', proceedingsMessages);

const PROCEEDING = graphql(`
  query ProceedingCase($id: ID!) {
    case(id: $id) {
      id
      phase
      balance {
        currency
      }
      legalRoute {
        route {
          id
          name
          court
          source
        }
        considered {
          id
          fits
          reason
        }
      }
      proceeding {
        caseId
        court
        reference
        openedAt
        entries {
          id
          kind
          on
          description
          remindOn
          amountMinor
          doneAt
        }
        judgment {
          id
          judgedOn
          court
          principalMinor
          costsMinor
          interestRatePercent
          interestFrom
          currency
        }
        balance {
          rule
          costsMinor
          interestMinor
          principalMinor
          totalMinor
          payments {
            id
            receivedOn
            amountMinor
            costsMinor
            interestMinor
            principalMinor
          }
        }
      }
    }
  }
`);

const DOSSIER = graphql(`
  query DossierDownload($id: ID!) {
    legalDossier(caseId: $id) {
      dossierId
      pdfBase64
      package
      language
      communications
    }
  }
`);

const OPEN = graphql(`
  mutation ProceedingOpen($caseId: ID!, $court: String!, $reference: String) {
    openProceeding(caseId: $caseId, court: $court, reference: $reference) {
      caseId
    }
  }
`);

const ADD = graphql(`
  mutation ProceedingAddEntry($input: ProceedingEntryInput!) {
    addProceedingEntry(input: $input) {
      caseId
    }
  }
`);

const DONE = graphql(`
  mutation ProceedingEntryDone($caseId: ID!, $entryId: ID!) {
    completeProceedingEntry(caseId: $caseId, entryId: $entryId) {
      caseId
    }
  }
`);

const JUDGMENT = graphql(`
  mutation ProceedingJudgment($input: JudgmentInput!) {
    recordJudgment(input: $input) {
      caseId
    }
  }
`);

const REMINDERS = graphql(`
  query ProceedingReminders {
    proceedingReminders {
      id
      caseId
      kind
      on
      description
    }
  }
`);

const REFETCH = { refetchQueries: ['ProceedingCase', 'CasesCaseFile', 'ProceedingReminders'], awaitRefetchQueries: true };
const KINDS = ['hearing', 'deadline', 'enforcement', 'judicial_cost'] as const;

/** A case in the legal phases: the court route with its source, the dossier to download, and (in legal) its proceedings. */
export function ProceedingsSection({ caseId }: { caseId: string }) {
  const { t } = useTranslation('proceedings');
  const client = useApolloClient();
  const { data } = useQuery(PROCEEDING, { variables: { id: caseId } });
  const [issued, setIssued] = useState<string | null>(null);
  const [dossierError, setDossierError] = useState<string | null>(null);
  const c = data?.case;
  if (!c || !['legal_review', 'legal'].includes(c.phase)) return null;
  const route = c.legalRoute?.route;
  const download = async (what: 'pdf' | 'json') => {
    setDossierError(null);
    try {
      const r = await client.query({ query: DOSSIER, variables: { id: caseId }, fetchPolicy: 'network-only' });
      const d = r.data?.legalDossier;
      if (!d) return;
      if (what === 'pdf') downloadBase64(d.pdfBase64, `dossier-${caseId}.pdf`);
      else downloadBase64(btoa(unescape(encodeURIComponent(d.package))), `dossier-${caseId}.json`, 'application/json');
      setIssued(t('dossierIssued', { language: d.language, count: d.communications }));
    } catch (e) {
      setDossierError(errorText(e));
    }
  };
  return (
    <CaseSection
      id="proceedings"
      title={t('title')}
      actions={
        <>
          <Button size="xs" onClick={() => void download('pdf')}>
            {t('dossier')}
          </Button>
          <Button size="xs" variant="default" onClick={() => void download('json')}>
            {t('package')}
          </Button>
        </>
      }
    >
      <Stack gap="xs">
        {issued && <Text size="sm">{issued}</Text>}
        {dossierError && (
          <Alert color="red" role="alert">
            {dossierError}
          </Alert>
        )}
        {route ? (
          <>
            <Text size="sm" fw={600}>
              {route.id} · {t('route', { name: route.name, court: route.court })}
            </Text>
            <Text size="sm">{t('source', { source: route.source })}</Text>
          </>
        ) : (
          <Text size="sm">{t('noRoute')}</Text>
        )}
        <Text size="sm">{t('considered')}:</Text>
        <List size="sm">
          {c.legalRoute?.considered.map((r) => (
            <List.Item key={r.id}>
              {r.id}: {r.fits ? '✓' : '✗'} {r.reason}
            </List.Item>
          ))}
        </List>
        {c.phase === 'legal' &&
          (c.proceeding?.court ? (
            <Tracking caseId={caseId} currency={c.balance.currency} p={c.proceeding} />
          ) : (
            <OpenForm caseId={caseId} />
          ))}
      </Stack>
    </CaseSection>
  );
}

function OpenForm({ caseId }: { caseId: string }) {
  const { t } = useTranslation('proceedings');
  const [court, setCourt] = useState('');
  const [reference, setReference] = useState('');
  const [open, opened] = useMutation(OPEN, REFETCH);
  const problems = fieldProblems(opened.error);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void open({ variables: { caseId, court: court.trim(), reference: reference.trim() || null } }).catch(() => null);
      }}
    >
      <Group align="end">
        <TextInput label={t('court')} value={court} onChange={(e) => setCourt(e.currentTarget.value)} error={problems.court} required />
        <TextInput label={t('reference')} value={reference} onChange={(e) => setReference(e.currentTarget.value)} />
        <Button type="submit" loading={opened.loading}>
          {t('open')}
        </Button>
      </Group>
      {opened.error && !problems.court && (
        <Alert color="red" role="alert" mt="xs">
          {errorText(opened.error)}
        </Alert>
      )}
    </form>
  );
}

type Tracked = NonNullable<NonNullable<ProceedingCaseQuery['case']>['proceeding']>;

function Tracking({ caseId, currency, p }: { caseId: string; currency: string; p: Tracked }) {
  const { t } = useTranslation('proceedings');
  const f = useFormat();
  const [entry, setEntry] = useState({ kind: 'hearing', on: '', description: '', amountMinor: '' });
  const [add, added] = useMutation(ADD, REFETCH);
  const [done] = useMutation(DONE, REFETCH);
  const [j, setJ] = useState({
    judgedOn: '',
    court: p.court ?? '',
    principalMinor: '',
    costsMinor: '0',
    interestRatePercent: '',
    interestFrom: '',
  });
  const [record, recorded] = useMutation(JUDGMENT, REFETCH);
  const entryProblems = fieldProblems(added.error);
  const judgmentProblems = fieldProblems(recorded.error);
  const money = (m: string) => f.money(m, currency);
  return (
    <Stack gap="xs">
      <Text size="sm" fw={600}>
        {p.court}
        {p.reference ? ` · ${p.reference}` : ''}
      </Text>
      <Text size="sm">{t('entries')}</Text>
      {p.entries.length === 0 && <Text size="sm">{t('noEntries')}</Text>}
      <List size="sm">
        {p.entries.map((e) => (
          <List.Item key={e.id}>
            <Group gap="xs">
              <span>
                {f.date(e.on)} · {t(`kinds.${e.kind}`)} · {e.description}
                {e.amountMinor ? ` · ${money(e.amountMinor)}` : ''}
                {e.remindOn && !e.doneAt ? ` · ${t('remindOn')} ${f.date(e.remindOn)}` : ''}
                {e.doneAt ? ` · ${t('done')}` : ''}
              </span>
              {!e.doneAt && (e.kind === 'hearing' || e.kind === 'deadline') && (
                <Button
                  size="compact-xs"
                  variant="default"
                  onClick={() => void done({ variables: { caseId, entryId: e.id } }).catch(() => null)}
                >
                  {t('done')}
                </Button>
              )}
            </Group>
          </List.Item>
        ))}
      </List>
      <form
        onSubmit={(ev) => {
          ev.preventDefault();
          void add({
            variables: {
              input: {
                caseId,
                kind: entry.kind,
                on: entry.on,
                description: entry.description,
                amountMinor: entry.amountMinor.trim() || null,
              },
            },
          }).catch(() => null);
        }}
      >
        <Group align="end">
          <NativeSelect
            label={t('kind')}
            value={entry.kind}
            onChange={(e) => setEntry({ ...entry, kind: e.currentTarget.value })}
            data={KINDS.map((k) => ({ value: k, label: t(`kinds.${k}`) }))}
          />
          <TextInput
            label={t('on')}
            type="date"
            value={entry.on}
            onChange={(e) => setEntry({ ...entry, on: e.currentTarget.value })}
            error={entryProblems['input.on'] ?? entryProblems.on}
          />
          <TextInput
            label={t('description')}
            value={entry.description}
            onChange={(e) => setEntry({ ...entry, description: e.currentTarget.value })}
            error={entryProblems['input.description'] ?? entryProblems.description}
          />
          {entry.kind === 'judicial_cost' && (
            <TextInput
              label={t('amount')}
              inputMode="numeric"
              value={entry.amountMinor}
              onChange={(e) => setEntry({ ...entry, amountMinor: e.currentTarget.value })}
              error={entryProblems['input.amountMinor'] ?? entryProblems.amountMinor}
            />
          )}
          <Button type="submit" loading={added.loading}>
            {t('add')}
          </Button>
        </Group>
        {added.error && Object.keys(entryProblems).length === 0 && (
          <Alert color="red" role="alert" mt="xs">
            {errorText(added.error)}
          </Alert>
        )}
      </form>
      <Text size="sm" fw={600}>
        {t('judgment')}
      </Text>
      {p.judgment ? (
        <>
          <Text size="sm">
            {t('judgmentLine', {
              date: f.date(p.judgment.judgedOn),
              court: p.judgment.court,
              principal: money(p.judgment.principalMinor),
              costs: money(p.judgment.costsMinor),
              interest: p.judgment.interestRatePercent
                ? t('interest', { rate: p.judgment.interestRatePercent, from: f.date(p.judgment.interestFrom) })
                : '',
            })}
          </Text>
          {p.balance && (
            <>
              <Text size="sm">
                {t('owed', {
                  total: money(p.balance.totalMinor),
                  costs: money(p.balance.costsMinor),
                  interestDue: money(p.balance.interestMinor),
                  principal: money(p.balance.principalMinor),
                  rule: p.balance.rule,
                })}
              </Text>
              <List size="sm">
                {p.balance.payments.map((x) => (
                  <List.Item key={x.id}>
                    {t('payment', {
                      date: f.date(x.receivedOn),
                      amount: money(x.amountMinor),
                      costs: money(x.costsMinor),
                      interest: money(x.interestMinor),
                      principal: money(x.principalMinor),
                    })}
                  </List.Item>
                ))}
              </List>
            </>
          )}
        </>
      ) : (
        <form
          onSubmit={(ev) => {
            ev.preventDefault();
            void record({
              variables: {
                input: {
                  caseId,
                  judgedOn: j.judgedOn,
                  court: j.court,
                  principalMinor: j.principalMinor,
                  costsMinor: j.costsMinor,
                  interestRatePercent: j.interestRatePercent.trim() || null,
                  interestFrom: j.interestFrom || null,
                },
              },
            }).catch(() => null);
          }}
        >
          <Group align="end">
            <TextInput
              label={t('judgedOn')}
              type="date"
              value={j.judgedOn}
              onChange={(e) => setJ({ ...j, judgedOn: e.currentTarget.value })}
              error={judgmentProblems['input.judgedOn'] ?? judgmentProblems.judgedOn}
            />
            <TextInput
              label={t('court')}
              value={j.court}
              onChange={(e) => setJ({ ...j, court: e.currentTarget.value })}
              error={judgmentProblems['input.court'] ?? judgmentProblems.court}
            />
            <TextInput
              label={t('principal')}
              inputMode="numeric"
              value={j.principalMinor}
              onChange={(e) => setJ({ ...j, principalMinor: e.currentTarget.value })}
              error={judgmentProblems['input.principalMinor'] ?? judgmentProblems.principalMinor}
            />
            <TextInput
              label={t('costs')}
              inputMode="numeric"
              value={j.costsMinor}
              onChange={(e) => setJ({ ...j, costsMinor: e.currentTarget.value })}
              error={judgmentProblems['input.costsMinor'] ?? judgmentProblems.costsMinor}
            />
            <TextInput
              label={t('rate')}
              value={j.interestRatePercent}
              onChange={(e) => setJ({ ...j, interestRatePercent: e.currentTarget.value })}
              error={judgmentProblems.interestRatePercent}
            />
            <TextInput
              label={t('interestFrom')}
              type="date"
              value={j.interestFrom}
              onChange={(e) => setJ({ ...j, interestFrom: e.currentTarget.value })}
              error={judgmentProblems.interestFrom}
            />
            <Button type="submit" loading={recorded.loading}>
              {t('record')}
            </Button>
          </Group>
          {recorded.error && Object.keys(judgmentProblems).length === 0 && (
            <Alert color="red" role="alert" mt="xs">
              {errorText(recorded.error)}
            </Alert>
          )}
        </form>
      )}
    </Stack>
  );
}

/** Legal staff's worklist of the proceedings: the hearings and deadlines whose reminder day has come, soonest first. */
export function ProceedingReminders() {
  const { t } = useTranslation('proceedings');
  const f = useFormat();
  const { data } = useQuery(REMINDERS, { fetchPolicy: 'cache-and-network' });
  const due = data?.proceedingReminders ?? [];
  return (
    <CaseSection id="reminders" title={t('reminders')}>
      {due.length === 0 ? (
        <Text size="sm">{t('noReminders')}</Text>
      ) : (
        <List size="sm">
          {due.map((r) => (
            <List.Item key={r.id}>
              <Anchor component={Link} to={`/legal/cases/${r.caseId}`}>
                {f.date(r.on)} · {t(`kinds.${r.kind}`)} · {r.description}
              </Anchor>
            </List.Item>
          ))}
        </List>
      )}
    </CaseSection>
  );
}
