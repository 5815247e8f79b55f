import { useMutation } from '@apollo/client/react';
import { Alert, Badge, Button, Checkbox, Group, List, NativeSelect, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorCode, fieldProblems } from '../api/errors';
import { useFormat } from '../format';
import { graphql } from '../gql';
import type { DebtorPageQuery } from '../gql/graphql';
import { addMessages } from '../i18n';
import type { BrandColours } from './brand-colours';
import { disputeMessages } from './disputes-messages';
import { Section } from './Section';

addMessages('debtorDisputes', disputeMessages);

/** The debtor disputes claims of its case (cases: debtorRaiseDispute, by the link's token): those claims are no longer asked for. */
const RAISE = graphql(`
  mutation DebtorDisputesRaise($token: String!, $claimIds: [ID!]!, $reason: String!, $text: String) {
    debtorRaiseDispute(token: $token, claimIds: $claimIds, reason: $reason, text: $text) {
      id
      status
    }
  }
`);

/** The reason codes of cases' disputes (Dispute.reason), in the order the debtor reads them. */
export const DEBTOR_DISPUTE_REASONS = [
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

type Statement = DebtorPageQuery['payLink'];

/** "Is there a reason not to pay?": the debtor's disputes and where they stand, and a form to dispute an invoice. */
export function Disputes({
  token,
  statement,
  colours,
  onChanged,
}: {
  token: string;
  statement: Statement;
  colours: BrandColours;
  onChanged: () => void;
}) {
  const { t } = useTranslation('debtorDisputes');
  const f = useFormat();
  const open = statement.claims.filter((c) => !c.disputed);
  return (
    <Section id="dispute" title={t('title')} accent={colours.accent}>
      <Stack gap="sm">
        {statement.disputes.length > 0 && (
          <List spacing="xs" listStyleType="none" aria-label={t('listLabel')} data-testid="debtor-disputes">
            {statement.disputes.map((d) => (
              <List.Item key={d.id}>
                <Group gap="xs" wrap="wrap">
                  <Text fw={600}>{t('invoices', { numbers: d.invoiceNumbers.join(', ') })}</Text>
                  <Badge color={d.status === 'resolved' ? 'gray' : 'orange'} variant="light" c="dark">
                    {t(`status.${d.status === 'resolved' ? `resolved_${d.outcome ?? 'rejected'}` : 'waiting'}`)}
                  </Badge>
                </Group>
                <Text size="sm">
                  {t('raised', { date: f.date(d.raisedAt), reason: t(`reason.${d.reason}`) })}
                  {d.text ? ` — ${d.text}` : ''}
                </Text>
                {d.explanation && <Text size="sm">{t('answer', { text: d.explanation })}</Text>}
              </List.Item>
            ))}
          </List>
        )}
        {!statement.closed && open.length > 0 && (
          <DisputeForm
            token={token}
            claims={open}
            colours={colours}
            currency={statement.currency}
            brand={statement.clientName}
            onChanged={onChanged}
          />
        )}
      </Stack>
    </Section>
  );
}

function DisputeForm({
  token,
  claims,
  colours,
  currency,
  brand,
  onChanged,
}: {
  token: string;
  claims: Statement['claims'];
  colours: BrandColours;
  currency: string;
  brand: string;
  onChanged: () => void;
}) {
  const { t } = useTranslation('debtorDisputes');
  const f = useFormat();
  const [chosen, setChosen] = useState<string[]>([]);
  const [reason, setReason] = useState('');
  const [text, setText] = useState('');
  const [tried, setTried] = useState(false);
  const [done, setDone] = useState(false);
  const [raise, { error, loading }] = useMutation(RAISE);
  const api = error ? fieldProblems(error) : {};
  const claimsProblem =
    tried && chosen.length === 0
      ? t('problem.claims')
      : Object.keys(api).some((k) => k.startsWith('claimIds'))
        ? t('problem.claims')
        : null;
  const reasonProblem = tried && !reason ? t('problem.reason') : api.reason ? t('problem.reason') : null;
  const textProblem = tried && reason === 'other' && !text.trim() ? t('problem.text') : api.text ? t('problem.textLong') : null;
  async function submit() {
    setTried(true);
    if (chosen.length === 0 || !reason || (reason === 'other' && !text.trim())) return;
    const ok = await raise({ variables: { token, claimIds: chosen, reason, text: text.trim() || null } }).then(
      () => true,
      () => false,
    );
    if (ok) {
      setDone(true);
      onChanged();
    }
  }
  if (done)
    return (
      <Alert color="teal" title={t('doneTitle')} role="status">
        {t('doneText', { brand })}
      </Alert>
    );
  return (
    <Stack gap="sm" component="form" onSubmit={(e) => (e.preventDefault(), void submit())} aria-describedby="dispute-intro">
      <Text id="dispute-intro">{t('intro')}</Text>
      <Checkbox.Group label={t('claimsLabel')} value={chosen} onChange={setChosen} error={claimsProblem}>
        <Stack gap={4} mt={4}>
          {claims.map((c) => (
            <Checkbox
              key={c.id}
              value={c.id}
              label={t('claimOption', { number: c.invoiceNumber, amount: f.money(c.outstandingMinor, currency), date: f.date(c.dueDate) })}
            />
          ))}
        </Stack>
      </Checkbox.Group>
      <NativeSelect
        label={t('reasonLabel')}
        value={reason}
        onChange={(e) => setReason(e.currentTarget.value)}
        error={reasonProblem}
        data={[{ value: '', label: t('reasonChoose') }, ...DEBTOR_DISPUTE_REASONS.map((r) => ({ value: r, label: t(`reason.${r}`) }))]}
      />
      <Textarea
        label={t('textLabel')}
        description={t('textHint')}
        autosize
        minRows={3}
        maxLength={10_000}
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        error={textProblem}
      />
      {error && !claimsProblem && !api.reason && !api.text && (
        <Alert color="red" role="alert" p="xs">
          <Text size="sm">
            {t(
              errorCode(error) === 'CONFLICT'
                ? 'problem.conflict'
                : errorCode(error) === 'TOO_MANY_REQUESTS'
                  ? 'problem.tooMany'
                  : 'problem.other',
            )}
          </Text>
        </Alert>
      )}
      <Button
        type="submit"
        loading={loading}
        vars={() => ({ root: { '--button-bg': colours.primary, '--button-hover': colours.primary, '--button-color': colours.onPrimary } })}
      >
        {t('submit')}
      </Button>
    </Stack>
  );
}
