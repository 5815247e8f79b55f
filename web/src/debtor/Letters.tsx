import { List, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../format';
import type { DebtorPageQuery } from '../gql/graphql';
import { Section } from './Section';

type Letter = DebtorPageQuery['payPage']['letters'][number];

/** The messages sent about the case, newest first: when, what, how, and its subject. */
export function Letters({ letters }: { letters: Letter[] }) {
  const { t } = useTranslation('debtor');
  const f = useFormat();
  const newestFirst = [...letters].reverse();
  return (
    <Section id="letters" title={t('letters.title')}>
      {newestFirst.length === 0 ? (
        <Text size="sm">{t('letters.empty')}</Text>
      ) : (
        <List listStyleType="none" spacing="sm">
          {newestFirst.map((l) => (
            <List.Item key={l.id}>
              <Text fw={600}>{t(`letters.kind.${l.kind}`, { defaultValue: l.kind })}</Text>
              <Text size="sm" c="dimmed">
                {f.date(l.sentAt)} · {t(`letters.channel.${l.channel}`, { defaultValue: l.channel })}
              </Text>
              {l.subject && <Text size="sm">{l.subject}</Text>}
            </List.Item>
          ))}
        </List>
      )}
    </Section>
  );
}
