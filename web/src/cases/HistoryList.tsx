import { Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Empty } from '../components/PageState';
import { ScrollRegion } from '../components/ScrollRegion';
import { useFormat } from '../format';
import type { CaseHistoryEntry } from './fragments';

/** The case's audit trail, newest first: who or what did what, when, and why (under what). */
export function HistoryList({ history, maxHeight = '360px' }: { history: readonly CaseHistoryEntry[]; maxHeight?: string }) {
  const { t } = useTranslation('cases');
  const f = useFormat();
  if (!history.length) return <Empty title={t('history.empty')} />;
  const newestFirst = [...history].sort((a, b) => (BigInt(b.seq) > BigInt(a.seq) ? 1 : -1));
  return (
    <ScrollRegion label={t('history.title')} maxHeight={maxHeight}>
      <Table className="sticky-head" aria-label={t('history.title')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('history.at')}</Table.Th>
            <Table.Th>{t('history.who')}</Table.Th>
            <Table.Th>{t('history.what')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {newestFirst.map((h) => (
            <Table.Tr key={h.seq}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{f.dateTime(h.at)}</Table.Td>
              <Table.Td>
                {t(`history.actor.${h.actorKind}`, { defaultValue: h.actorKind })}
                {h.actorKind !== 'system' && (
                  <Text size="xs" c="dimmed" title={h.actorId}>
                    {/^[0-9a-f-]{36}$/.test(h.actorId) ? h.actorId.slice(0, 8) : h.actorId}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Text size="sm">{h.action.replace(/_/g, ' ')}</Text>
                {h.reason && (
                  <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                    {h.reason}
                  </Text>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollRegion>
  );
}
