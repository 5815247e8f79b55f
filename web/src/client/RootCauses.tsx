import { useQuery } from '@apollo/client/react';
import { Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ErrorState, Loading } from '../components/PageState';
import { useFormat } from '../format';
import { graphql } from '../gql';
import { addMessages } from '../i18n';
import { clientDisputeMessages } from './disputes-messages';
import { rootCauseMessages } from './root-causes-messages';

addMessages('clientRootCauses', rootCauseMessages);
addMessages('clientDisputes', clientDisputeMessages);

const ROOT_CAUSES = graphql(`
  query ClientDashboardRootCauses($clientId: ID!) {
    rootCauses(clientId: $clientId) {
      disputes {
        raised
      }
      byReason {
        reason
        raised
        open
        upheld
        partlyUpheld
        rejected
      }
      answers {
        answered
        withinSlaBp
        medianDaysToAnswer
      }
      shares {
        upheldBp
      }
      complaints {
        category
        logged
        open
        closed
      }
    }
  }
`);

/** The client's root causes: its disputes by reason and how they ended, its answers' speed, its debtors' complaints. */
export function RootCauses({ clientId }: { clientId: string }) {
  const { t } = useTranslation('clientRootCauses');
  const f = useFormat();
  const { data, loading, error, refetch } = useQuery(ROOT_CAUSES, { variables: { clientId } });
  const r = data?.rootCauses;
  const percent = (bp: number) => new Intl.NumberFormat(f.locale, { style: 'percent', maximumFractionDigits: 0 }).format(bp / 10000);
  const complaints = r?.complaints.filter((c) => c.logged > 0) ?? [];
  const cols = ['raised', 'open', 'upheld', 'partlyUpheld', 'rejected'] as const;
  return (
    <Paper withBorder p="sm" component="section" aria-labelledby="root-causes">
      <Title order={2} size="h5" id="root-causes" mb="xs">
        {t('title')}
      </Title>
      {error && <ErrorState error={error} onRetry={() => void refetch()} />}
      {loading && !data && <Loading />}
      {r && r.disputes.raised === 0 && complaints.length === 0 && <Text c="dimmed">{t('empty')}</Text>}
      {r && r.disputes.raised > 0 && (
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
            {[
              { key: 'disputes', label: t('disputes'), value: r.disputes.raised.toLocaleString(f.locale) },
              { key: 'upheld', label: t('upheldShare'), value: percent(r.shares.upheldBp) },
              { key: 'withinSla', label: t('withinSla'), value: r.answers.answered ? percent(r.answers.withinSlaBp) : '—' },
              { key: 'medianDays', label: t('medianDays'), value: r.answers.medianDaysToAnswer?.toLocaleString(f.locale) ?? '—' },
            ].map((fig) => (
              <div key={fig.key}>
                <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
                  {fig.label}
                </Text>
                <Text size="lg" fw={600} data-figure={`root-causes-${fig.key}`}>
                  {fig.value}
                </Text>
              </div>
            ))}
          </SimpleGrid>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('col.reason')}</Table.Th>
                {cols.map((c) => (
                  <Table.Th key={c}>{t(`col.${c}`)}</Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {r.byReason.map((g) => (
                <Table.Tr key={g.reason}>
                  <Table.Th scope="row">{t(`reason.${g.reason}`, { ns: 'clientDisputes' })}</Table.Th>
                  {cols.map((c) => (
                    <Table.Td key={c}>{g[c]}</Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Stack>
      )}
      {complaints.length > 0 && (
        <Table mt="sm">
          <caption>{t('complaints')}</caption>
          <Table.Thead>
            <Table.Tr>
              {(['category', 'logged', 'open', 'closed'] as const).map((c) => (
                <Table.Th key={c}>{t(`complaintCol.${c}`)}</Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {complaints.map((c) => (
              <Table.Tr key={c.category}>
                <Table.Th scope="row">{t(`complaint.${c.category}`)}</Table.Th>
                <Table.Td>{c.logged}</Table.Td>
                <Table.Td>{c.open}</Table.Td>
                <Table.Td>{c.closed}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Paper>
  );
}
