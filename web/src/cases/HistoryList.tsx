import { Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Empty } from '../components/PageState';
import { ScrollRegion } from '../components/ScrollRegion';
import { useFormat } from '../format';
import type { CaseHistoryEntry } from './fragments';

const isUuid = (s: string) => /^[0-9a-f]{8}-[0-9a-f-]{27}$/i.test(s);

/** The case's audit trail, newest first: what was done and why, then when and by whom (dense, for a side column). */
export function HistoryList({ history, maxHeight = '420px' }: { history: readonly CaseHistoryEntry[]; maxHeight?: string }) {
  const { t } = useTranslation('cases');
  const f = useFormat();
  if (!history.length) return <Empty title={t('history.empty')} />;
  const newestFirst = [...history].sort((a, b) => (BigInt(b.seq) > BigInt(a.seq) ? 1 : -1));
  return (
    <ScrollRegion label={t('history.title')} maxHeight={maxHeight}>
      <Stack gap={8} component="ol" aria-label={t('history.title')} style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {newestFirst.map((h) => (
          <li key={h.seq}>
            <Text size="sm" fw={500}>
              {h.action.replace(/_/g, ' ')}
            </Text>
            {h.reason && (
              <Text size="xs" style={{ overflowWrap: 'anywhere' }}>
                {h.reason}
              </Text>
            )}
            <Text size="xs" c="dimmed">
              {f.dateTime(h.at)} · {t(`history.actor.${h.actorKind}`, { defaultValue: h.actorKind })}
              {h.actorKind !== 'system' && <span title={h.actorId}> {isUuid(h.actorId) ? h.actorId.slice(0, 8) : h.actorId}</span>}
            </Text>
          </li>
        ))}
      </Stack>
    </ScrollRegion>
  );
}
