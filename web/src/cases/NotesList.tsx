import { Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Empty } from '../components/PageState';
import { useFormat } from '../format';
import type { CaseNoteData } from './fragments';

/** A case's notes, newest first. */
export function NotesList({ notes }: { notes: readonly CaseNoteData[] }) {
  const { t } = useTranslation('cases');
  const f = useFormat();
  if (!notes.length) return <Empty title={t('notes.empty')} />;
  const newestFirst = [...notes].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return (
    <Stack gap="xs" component="ul" aria-label={t('notes.title')} style={{ listStyle: 'none', padding: 0, margin: 0 }}>
      {newestFirst.map((n) => (
        <li key={n.id}>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {n.body}
          </Text>
          <Text size="xs" c="dimmed">
            {t('notes.by', { author: n.author, when: f.dateTime(n.createdAt) })}
          </Text>
        </li>
      ))}
    </Stack>
  );
}
