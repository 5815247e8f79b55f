import { useQuery } from '@apollo/client/react';
import { List, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../format';
import { graphql } from '../gql';
import { addMessages } from '../i18n';
import { settlementMessages } from './messages';

addMessages('settlements', settlementMessages);

const INSTRUCTIONS = graphql(`
  query SettlementClientInstructions($id: ID!) {
    case(id: $id) {
      id
      instructions {
        kind
        at
        reason
        until
      }
    }
  }
`);

/** The client's instructions on its case, oldest first, each with its day and reason (from the case's audit trail). Nothing when none. */
export function InstructionsList({ caseId }: { caseId: string }) {
  const { t } = useTranslation('settlements');
  const f = useFormat();
  const { data } = useQuery(INSTRUCTIONS, { variables: { id: caseId }, fetchPolicy: 'cache-and-network' });
  const given = data?.case?.instructions ?? [];
  if (given.length === 0) return null;
  return (
    <Paper withBorder p="sm" maw={760} role="region" aria-label={t('instructions.title')}>
      <Stack gap={4}>
        <Title order={2} size="h5">
          {t('instructions.title')}
        </Title>
        <List size="sm" data-testid="instructions">
          {given.map((i, n) => (
            <List.Item key={n}>
              <Text size="sm" span fw={600}>
                {t(`instructions.kind.${i.kind}`, { until: f.date(i.until), defaultValue: i.kind })}
              </Text>{' '}
              <Text size="sm" span c="dimmed">
                {f.date(i.at)}
                {i.reason ? ` · ${i.reason}` : ''}
              </Text>
            </List.Item>
          ))}
        </List>
      </Stack>
    </Paper>
  );
}
