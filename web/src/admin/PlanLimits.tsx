import { useMutation, useQuery } from '@apollo/client/react';
import { Button, Checkbox, Group, Paper, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { minorOfTyped } from '../amount';
import { planMessages } from '../cases/plan-messages';
import { ErrorState, Loading } from '../components/PageState';
import { graphql } from '../gql';
import { addMessages } from '../i18n';
import { formProblems, GeneralError } from './form-problems';

addMessages('plans', planMessages);

const LIMITS = graphql(`
  query AdminPlanLimits($id: ID!) {
    client(id: $id) {
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

const SET_LIMITS = graphql(`
  mutation AdminPlanSetLimits($clientId: ID!, $input: PaymentPlanLimitsInput!) {
    setPaymentPlanLimits(clientId: $clientId, input: $input) {
      maxMonths
      minInstalmentMinor
      downPaymentRequired
      graceDays
    }
  }
`);

/** Minor units as the amount a person types back ("2500" → "25.00"). */
const typedOf = (minor: string) => {
  const m = minor.padStart(3, '0');
  return `${m.slice(0, -2)}.${m.slice(-2)}`;
};

/** A client's payment plan limits (plans within them are agreed at once), editable by the admin. */
export function PlanLimits({ clientId }: { clientId: string }) {
  const { t } = useTranslation('plans');
  const { data, loading, error, refetch } = useQuery(LIMITS, { variables: { id: clientId } });
  const limits = data?.client?.paymentPlanLimits;
  const [form, setForm] = useState({ maxMonths: '', minInstalment: '', downPaymentRequired: false, graceDays: '' });
  const [local, setLocal] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);
  const [save, saving] = useMutation(SET_LIMITS, { refetchQueries: ['AdminPlanLimits'], awaitRefetchQueries: true });
  useEffect(() => {
    if (limits)
      setForm({
        maxMonths: String(limits.maxMonths),
        minInstalment: typedOf(limits.minInstalmentMinor),
        downPaymentRequired: limits.downPaymentRequired,
        graceDays: String(limits.graceDays),
      });
  }, [limits]);
  const p = formProblems(saving.error, ['maxMonths', 'minInstalmentMinor', 'downPaymentRequired', 'graceDays']);
  const submit = async () => {
    setSaved(false);
    const problems: Record<string, string> = {};
    const whole = (s: string) => (/^\d+$/.test(s.trim()) ? Number(s.trim()) : null);
    const maxMonths = whole(form.maxMonths);
    const graceDays = whole(form.graceDays);
    const minInstalmentMinor = form.minInstalment.trim() ? minorOfTyped(form.minInstalment, 'EUR') : null;
    if (maxMonths == null) problems.maxMonths = t('required');
    if (graceDays == null) problems.graceDays = t('required');
    if (minInstalmentMinor == null) problems.minInstalmentMinor = form.minInstalment.trim() ? t('notAmount') : t('required');
    setLocal(problems);
    if (Object.keys(problems).length) return;
    const r = await save({
      variables: {
        clientId,
        input: {
          maxMonths: maxMonths!,
          graceDays: graceDays!,
          minInstalmentMinor: minInstalmentMinor!,
          downPaymentRequired: form.downPaymentRequired,
        },
      },
    }).catch(() => null);
    if (r?.data) setSaved(true);
  };
  return (
    <Paper withBorder p="sm" component="form" onSubmit={(e) => (e.preventDefault(), void submit())} aria-label={t('limitsTitle')}>
      <Stack gap="sm">
        <Title order={2} size="h5">
          {t('limitsTitle')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('limitsText')}
        </Text>
        {error && <ErrorState error={error} onRetry={() => void refetch()} />}
        {loading && !data && <Loading />}
        {limits && (
          <>
            <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="sm">
              <TextInput
                label={t('maxMonths')}
                inputMode="numeric"
                required
                value={form.maxMonths}
                onChange={(e) => setForm({ ...form, maxMonths: e.currentTarget.value })}
                error={local.maxMonths ?? p.of('maxMonths')}
              />
              <TextInput
                label={t('minInstalment')}
                inputMode="decimal"
                required
                value={form.minInstalment}
                onChange={(e) => setForm({ ...form, minInstalment: e.currentTarget.value })}
                error={local.minInstalmentMinor ?? p.of('minInstalmentMinor')}
              />
              <TextInput
                label={t('graceDays')}
                inputMode="numeric"
                required
                value={form.graceDays}
                onChange={(e) => setForm({ ...form, graceDays: e.currentTarget.value })}
                error={local.graceDays ?? p.of('graceDays')}
              />
              <Checkbox
                mt={{ sm: 'xl' }}
                label={t('downPaymentRequired')}
                checked={form.downPaymentRequired}
                onChange={(e) => setForm({ ...form, downPaymentRequired: e.currentTarget.checked })}
                error={p.of('downPaymentRequired')}
              />
            </SimpleGrid>
            <GeneralError text={p.general} />
            {saved && (
              <Text size="sm" c="teal.9" role="status">
                {t('limitsSaved')}
              </Text>
            )}
            <Group>
              <Button type="submit" loading={saving.loading}>
                {t('saveLimits')}
              </Button>
            </Group>
          </>
        )}
      </Stack>
    </Paper>
  );
}
