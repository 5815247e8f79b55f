import { useApolloClient, useMutation, useQuery } from '@apollo/client/react';
import { Alert, Badge, Button, Group, Modal, NativeSelect, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText, fieldProblems } from '../api/errors';
import { CaseSection } from '../cases/CaseSection';
import { downloadBase64 } from '../download';
import { useFormat } from '../format';
import { graphql } from '../gql';
import { addMessages } from '../i18n';
import { debtorFlagMessages } from './debtor-flag-messages';
import { notify } from './notify';

addMessages('debtorFlags', debtorFlagMessages);

const KINDS = ['collective_settlement', 'debt_counselling', 'deceased', 'hardship'] as const;

const FLAGS = graphql(`
  query DebtorFlagsOfCase($caseId: ID!) {
    debtorFlags(caseId: $caseId) {
      id
      kind
      status
      decisionDate
      reference
      evidence
      source
      setBy
      setAt
      contact {
        name
        email
      }
    }
  }
`);

const SET = graphql(`
  mutation DebtorFlagSet($input: SetDebtorFlagInput!) {
    setDebtorFlag(input: $input) {
      id
      kind
      status
    }
  }
`);

const REMOVE = graphql(`
  mutation DebtorFlagRemove($input: RemoveDebtorFlagInput!) {
    removeDebtorFlag(input: $input) {
      id
      status
    }
  }
`);

const DECLARATION = graphql(`
  query DebtorFlagClaimDeclaration($caseId: ID!) {
    claimDeclaration(caseId: $caseId) {
      pdfBase64
      asOf
    }
  }
`);

const at = (p: Record<string, string>, field: string) => p[`input.${field}`] ?? p[field];

/** The debtor's flags on the agent's case screen: what each one does, who set it on what, and the forms to set and remove. */
export function DebtorFlagsPanel({ caseId }: { caseId: string }) {
  const { t } = useTranslation('debtorFlags');
  const f = useFormat();
  const client = useApolloClient();
  const { data, error, refetch } = useQuery(FLAGS, { variables: { caseId } });
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<string | null>(null);
  const flags = data?.debtorFlags ?? [];
  const declare = async () => {
    const r = await client.query({ query: DECLARATION, variables: { caseId }, fetchPolicy: 'network-only' });
    if (r.data) downloadBase64(r.data.claimDeclaration.pdfBase64, `claim-declaration-${caseId}-${r.data.claimDeclaration.asOf}.pdf`);
  };
  return (
    <CaseSection
      title={t('title')}
      id="debtor-flags"
      actions={
        <Button variant="light" size="compact-xs" onClick={() => setAdding(true)}>
          {t('add')}
        </Button>
      }
    >
      {error && <Alert color="red">{errorText(error)}</Alert>}
      {flags.length === 0 ? (
        <Text size="sm">{t('none')}</Text>
      ) : (
        <Stack gap="xs">
          {flags.map((flag) => (
            <Stack key={flag.id} gap={2}>
              <Group gap="xs">
                <Badge color="red.9" variant="filled">
                  {t(`kinds.${flag.kind}`)}
                </Badge>
                {flag.decisionDate && <Text size="sm">{f.date(flag.decisionDate)}</Text>}
                {flag.reference && <Text size="sm">{flag.reference}</Text>}
                <Button variant="subtle" size="compact-xs" onClick={() => setRemoving(flag.id)}>
                  {t('remove')}
                </Button>
                {flag.kind === 'collective_settlement' && (
                  <Button variant="subtle" size="compact-xs" onClick={() => void declare().catch(() => undefined)}>
                    {t('declaration')}
                  </Button>
                )}
              </Group>
              <Text size="sm">{t(`effect.${flag.kind}`)}</Text>
              {flag.contact && <Text size="sm">{[flag.contact.name, flag.contact.email].filter(Boolean).join(' · ')}</Text>}
              <Text size="xs">
                {t('setBy', { by: flag.setBy, date: f.dateTime(flag.setAt) })} — {flag.evidence}
              </Text>
            </Stack>
          ))}
        </Stack>
      )}
      <Modal opened={adding} onClose={() => setAdding(false)} title={t('add')} closeButtonProps={{ 'aria-label': t('cancel') }}>
        {adding && (
          <SetForm
            caseId={caseId}
            onDone={() => {
              setAdding(false);
              void refetch();
            }}
          />
        )}
      </Modal>
      <Modal
        opened={removing !== null}
        onClose={() => setRemoving(null)}
        title={t('remove')}
        closeButtonProps={{ 'aria-label': t('cancel') }}
      >
        {removing && (
          <RemoveForm
            flagId={removing}
            onDone={() => {
              setRemoving(null);
              void refetch();
            }}
          />
        )}
      </Modal>
    </CaseSection>
  );
}

function SetForm({ caseId, onDone }: { caseId: string; onDone: () => void }) {
  const { t } = useTranslation('debtorFlags');
  const [kind, setKind] = useState<string>('collective_settlement');
  const [decisionDate, setDecisionDate] = useState('');
  const [reference, setReference] = useState('');
  const [contactName, setContactName] = useState('');
  const [contactEmail, setContactEmail] = useState('');
  const [evidence, setEvidence] = useState('');
  const [set, { loading, error }] = useMutation(SET);
  const p = fieldProblems(error);
  const submit = async () => {
    const contact = contactName ? { name: contactName, email: contactEmail || null } : null;
    await set({
      variables: {
        input: {
          caseId,
          kind,
          decisionDate: kind === 'collective_settlement' ? decisionDate || null : null,
          reference: reference || null,
          contact,
          evidence,
        },
      },
    });
    notify(t('set'));
    onDone();
  };
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void submit().catch(() => undefined);
      }}
    >
      <Stack>
        <NativeSelect
          label={t('kind')}
          value={kind}
          onChange={(e) => setKind(e.currentTarget.value)}
          data={KINDS.map((k) => ({ value: k, label: t(`kinds.${k}`) }))}
          error={at(p, 'kind')}
        />
        <Text size="sm">{t(`effect.${kind}`)}</Text>
        {kind === 'collective_settlement' && (
          <TextInput
            type="date"
            label={t('decisionDate')}
            value={decisionDate}
            onChange={(e) => setDecisionDate(e.currentTarget.value)}
            required
            error={at(p, 'decisionDate')}
          />
        )}
        <TextInput
          label={t('reference')}
          value={reference}
          onChange={(e) => setReference(e.currentTarget.value)}
          error={at(p, 'reference')}
        />
        <TextInput
          label={t('contactName')}
          value={contactName}
          onChange={(e) => setContactName(e.currentTarget.value)}
          required={kind === 'debt_counselling'}
          error={at(p, 'contact') ?? at(p, 'contact.name')}
        />
        <TextInput
          type="email"
          label={t('contactEmail')}
          value={contactEmail}
          onChange={(e) => setContactEmail(e.currentTarget.value)}
          error={at(p, 'contact.email')}
        />
        <Textarea
          label={t('evidence')}
          description={t('evidenceHint')}
          value={evidence}
          onChange={(e) => setEvidence(e.currentTarget.value)}
          autosize
          minRows={2}
          required
          error={at(p, 'evidence')}
        />
        {error && Object.keys(p).length === 0 && <Alert color="red">{errorText(error)}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('cancel')}
          </Button>
          <Button type="submit" loading={loading}>
            {t('save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function RemoveForm({ flagId, onDone }: { flagId: string; onDone: () => void }) {
  const { t } = useTranslation('debtorFlags');
  const [reason, setReason] = useState('');
  const [remove, { loading, error }] = useMutation(REMOVE);
  const p = fieldProblems(error);
  const submit = async () => {
    await remove({ variables: { input: { flagId, reason } } });
    notify(t('removed'));
    onDone();
  };
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void submit().catch(() => undefined);
      }}
    >
      <Stack>
        <Textarea
          label={t('reason')}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          autosize
          minRows={2}
          required
          data-autofocus
          error={at(p, 'reason')}
        />
        {error && Object.keys(p).length === 0 && <Alert color="red">{errorText(error)}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('cancel')}
          </Button>
          <Button type="submit" loading={loading}>
            {t('remove')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
