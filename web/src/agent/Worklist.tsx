import { useQuery } from '@apollo/client/react';
import {
  ActionIcon,
  Anchor,
  Badge,
  Button,
  Group,
  Kbd,
  NativeSelect,
  Popover,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { Empty, ErrorState, Loading } from '../components/PageState';
import { ScrollRegion } from '../components/ScrollRegion';
import { useFormat } from '../format';
import { graphql } from '../gql';
import type { AgentWorklistQuery, AgentWorklistWhyQuery } from '../gql/graphql';
import { MEANING, PHASE_COLOUR } from '../theme';
import {
  loadCurrentFilter,
  loadSavedFilters,
  NO_FILTER,
  sameFilter,
  storeCurrentFilter,
  storeSavedFilters,
  type SavedFilter,
  type WorklistFilter,
} from './saved-filters';
import { useShortcuts } from './shortcuts';

/** The list itself, small so the first rows come quickly. */
const WORKLIST = graphql(`
  query AgentWorklist($first: Int) {
    myWorklist(first: $first) {
      due
      score
      debtorName
      brand {
        id
        name
      }
      case {
        id
        phase
        oldestDueDate
        nextActionAt
        holdUntil
        balance {
          currency
          openMinor
        }
      }
    }
  }
`);

/** Why each case is due: its journey's next step, asked for once the list is on screen. */
const WORKLIST_WHY = graphql(`
  query AgentWorklistWhy($first: Int) {
    myWorklist(first: $first) {
      case {
        id
        journey {
          status
          reason
          stepsDone {
            kind
            executedAt
          }
          next {
            dueAt
            step {
              key
              kind
            }
          }
        }
      }
    }
  }
`);

type Row = AgentWorklistQuery['myWorklist'][number];
type Journey = NonNullable<AgentWorklistWhyQuery['myWorklist'][number]['case']['journey']>;
type SortKey = 'priority' | 'debtor' | 'brand' | 'phase' | 'open' | 'oldestDue' | 'next';
interface Sort {
  key: SortKey;
  desc: boolean;
}

/**
 * The first rows come alone, so the list is usable at once; the rest of the list (for the
 * filters, the sorting and the counts) follows in the background. 500 rows at once took about a
 * second to render on the demo machine, 100 a fifth of that.
 */
const FIRST = 100;
const ALL = 500;
/**
 * The journeys are read for the most urgent cases only: each is its own read on the server
 * (0.7 s for 100 on the demo, 1.8 s for 500); further down, the next action says when.
 */
const WHY_FIRST = 100;
/** The case last opened from the list: coming back selects it again. */
let lastOpened: string | null = null;

function compare(a: Row, b: Row, key: SortKey): number {
  switch (key) {
    case 'priority':
      return 0; // the API's own order: due first, then the score
    case 'debtor':
      return a.debtorName.localeCompare(b.debtorName);
    case 'brand':
      return a.brand.name.localeCompare(b.brand.name);
    case 'phase':
      return a.case.phase.localeCompare(b.case.phase);
    case 'open': {
      const d = BigInt(a.case.balance.openMinor) - BigInt(b.case.balance.openMinor);
      return d === 0n ? 0 : d > 0n ? 1 : -1;
    }
    case 'oldestDue':
      return a.case.oldestDueDate.localeCompare(b.case.oldestDueDate);
    case 'next':
      return (a.case.nextActionAt ?? '9999').localeCompare(b.case.nextActionAt ?? '9999');
  }
}

function matches(r: Row, f: WorklistFilter): boolean {
  if (f.brandId && r.brand.id !== f.brandId) return false;
  if (f.phase && r.case.phase !== f.phase) return false;
  if (f.due === 'due' && !r.due) return false;
  if (f.due === 'later' && r.due) return false;
  if (f.search && !r.debtorName.toLowerCase().includes(f.search.toLowerCase())) return false;
  return true;
}

/**
 * Why the case is on the list now, in words — a hold, a review the journey asks for, the call
 * task its last step made, or its next action — and under it the journey's next step and when.
 */
function Why({ row, journey }: { row: Row; journey: Journey | null | undefined }) {
  const { t } = useTranslation('agent');
  const { t: cases } = useTranslation('cases');
  const f = useFormat();
  const last = journey?.stepsDone.at(-1);
  const step = journey?.next?.step;
  const reason =
    row.case.holdUntil && row.case.phase !== 'closed'
      ? t('worklist.why.hold', { date: f.date(row.case.holdUntil) })
      : journey?.status === 'review'
        ? t('worklist.why.review', { reason: journey.reason ?? '' })
        : row.due && last?.kind === 'call_task'
          ? t('worklist.why.callTask', { when: f.date(last.executedAt) })
          : t(row.due ? 'worklist.why.dueSince' : 'worklist.why.nextAction', { when: f.dateTime(row.case.nextActionAt) });
  return (
    <Stack gap={0}>
      <Text size="sm">{reason}</Text>
      {journey === null && (
        <Text size="xs" c="dimmed">
          {t('worklist.why.noJourney')}
        </Text>
      )}
      {journey && (
        <Text size="xs" c="dimmed">
          {step
            ? t('worklist.why.then', {
                step: cases(`journey.step.${step.kind}`, { defaultValue: step.kind }),
                when: f.dateTime(journey.next!.dueAt),
              })
            : cases(`journey.status.${journey.status}`, { defaultValue: journey.status })}
        </Text>
      )}
    </Stack>
  );
}

function SortHeader({
  label,
  k,
  sort,
  onSort,
  right,
}: {
  label: string;
  k: SortKey;
  sort: Sort;
  onSort: (k: SortKey) => void;
  right?: boolean;
}) {
  const active = sort.key === k;
  return (
    <Table.Th ta={right ? 'right' : undefined} aria-sort={active ? (sort.desc ? 'descending' : 'ascending') : 'none'}>
      <UnstyledButton onClick={() => onSort(k)} fz="sm" fw={700}>
        {label}
        <span aria-hidden> {active ? (sort.desc ? '▼' : '▲') : '↕'}</span>
      </UnstyledButton>
    </Table.Th>
  );
}

function SavedFilters({ filter, onApply }: { filter: WorklistFilter; onApply: (f: WorklistFilter) => void }) {
  const { t } = useTranslation('agent');
  const [saved, setSaved] = useState<SavedFilter[]>(loadSavedFilters);
  const [name, setName] = useState('');
  const [open, setOpen] = useState(false);
  const update = (next: SavedFilter[]) => {
    setSaved(next);
    storeSavedFilters(next);
  };
  const save = () => {
    const n = name.trim();
    if (!n) return;
    update([...saved.filter((s) => s.name !== n), { name: n, filter }]);
    setName('');
    setOpen(false);
  };
  return (
    <Group gap={6} wrap="wrap" role="group" aria-label={t('worklist.saved.title')}>
      {saved.map((s) => (
        <Group key={s.name} gap={0} wrap="nowrap">
          <Button size="compact-xs" variant={sameFilter(s.filter, filter) ? 'filled' : 'light'} onClick={() => onApply(s.filter)}>
            {s.name}
          </Button>
          <ActionIcon
            size="sm"
            variant="subtle"
            color="gray.7"
            aria-label={t('worklist.saved.remove', { name: s.name })}
            onClick={() => update(saved.filter((x) => x.name !== s.name))}
          >
            ×
          </ActionIcon>
        </Group>
      ))}
      <Popover opened={open} onChange={setOpen} trapFocus position="bottom-start" withArrow shadow="sm">
        <Popover.Target>
          <Button size="compact-xs" variant="subtle" onClick={() => setOpen((o) => !o)}>
            {t('worklist.saved.save')}
          </Button>
        </Popover.Target>
        <Popover.Dropdown>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              save();
            }}
          >
            <Group gap="xs" align="flex-end">
              <TextInput
                size="xs"
                label={t('worklist.saved.name')}
                value={name}
                onChange={(e) => setName(e.currentTarget.value)}
                data-autofocus
              />
              <Button size="xs" type="submit" disabled={!name.trim()}>
                {t('worklist.saved.store')}
              </Button>
            </Group>
          </form>
        </Popover.Dropdown>
      </Popover>
    </Group>
  );
}

export function Worklist() {
  const { t } = useTranslation('agent');
  const { t: common } = useTranslation();
  const f = useFormat();
  const navigate = useNavigate();
  const firstRows = useQuery(WORKLIST, { variables: { first: FIRST } });
  const rest = useQuery(WORKLIST, { variables: { first: ALL }, skip: !firstRows.data });
  // The whole list once it is there; until then, and if it fails, the first rows.
  const { data, loading, error, refetch } = rest.data ? rest : firstRows;
  /** Whether the counts are the whole list's (the first rows alone may be all there is). */
  const counted = !!rest.data || (firstRows.data?.myWorklist.length ?? FIRST) < FIRST;
  // Not kept in the cache: its entries have no id, and would replace the list's own.
  const why = useQuery(WORKLIST_WHY, { variables: { first: WHY_FIRST }, skip: !data, fetchPolicy: 'no-cache' });
  const [filter, setFilterState] = useState<WorklistFilter>(loadCurrentFilter);
  const [sort, setSort] = useState<Sort>({ key: 'priority', desc: false });
  const [selected, setSelected] = useState(0);
  const links = useRef<(HTMLAnchorElement | null)[]>([]);
  const search = useRef<HTMLInputElement>(null);

  const setFilter = (next: WorklistFilter) => {
    setFilterState(next);
    storeCurrentFilter(next);
    setSelected(0);
  };

  const all = useMemo(() => data?.myWorklist ?? [], [data]);
  const journeys = useMemo(() => new Map((why.data?.myWorklist ?? []).map((w) => [w.case.id, w.case.journey])), [why.data]);
  const rows = useMemo(() => {
    const shown = all.filter((r) => matches(r, filter));
    if (sort.key === 'priority') return sort.desc ? [...shown].reverse() : shown;
    return [...shown].sort((a, b) => (sort.desc ? -1 : 1) * compare(a, b, sort.key));
  }, [all, filter, sort]);
  const brands = useMemo(() => [...new Map(all.map((r) => [r.brand.id, r.brand.name])).entries()], [all]);
  const phases = useMemo(() => [...new Set(all.map((r) => r.case.phase))], [all]);

  // Coming back from a case: that case is selected again.
  useEffect(() => {
    if (!lastOpened || !rows.length) return;
    const i = rows.findIndex((r) => r.case.id === lastOpened);
    if (i >= 0) {
      setSelected(i);
      links.current[i]?.focus();
    }
    lastOpened = null;
  }, [rows]);

  const current = Math.min(selected, Math.max(rows.length - 1, 0));
  const move = (by: number) => {
    if (!rows.length) return;
    const i = Math.max(0, Math.min(rows.length - 1, current + by));
    setSelected(i);
    links.current[i]?.focus();
  };
  const open = (i: number) => {
    const row = rows[i];
    if (!row) return;
    lastOpened = row.case.id;
    void navigate(`/agent/cases/${row.case.id}`);
  };
  useShortcuts({
    j: () => move(1),
    k: () => move(-1),
    ArrowDown: () => move(1),
    ArrowUp: () => move(-1),
    Home: () => move(-rows.length),
    End: () => move(rows.length),
    Enter: () => open(current),
    '/': () => search.current?.focus(),
  });

  const onSort = (key: SortKey) => setSort((s) => (s.key === key ? { key, desc: !s.desc } : { key, desc: key === 'open' }));
  const dueCount = all.filter((r) => r.due).length;

  return (
    <>
      <Group justify="space-between" mb="xs" align="flex-end" wrap="wrap">
        <div>
          <Title order={1} size="h3">
            {t('worklist.title')}
          </Title>
          <Text c="dimmed" size="sm">
            {t('worklist.subtitle')}
            {data && counted && ` · ${t('worklist.counts', { due: dueCount, all: all.length })}`}
          </Text>
        </div>
        <Text size="xs" c="dimmed" aria-label={t('worklist.keysLabel')}>
          <Kbd>j</Kbd>/<Kbd>k</Kbd> {t('worklist.keys.move')} · <Kbd>Enter</Kbd> {t('worklist.keys.open')} · <Kbd>/</Kbd>{' '}
          {t('worklist.keys.search')}
        </Text>
      </Group>
      <Group gap="sm" mb="xs" align="flex-end" wrap="wrap" role="search" aria-label={t('worklist.filters')}>
        <TextInput
          ref={search}
          size="xs"
          label={t('worklist.search')}
          placeholder={t('worklist.searchPlaceholder')}
          value={filter.search}
          onChange={(e) => setFilter({ ...filter, search: e.currentTarget.value })}
          onKeyDown={(e) => {
            if (e.key === 'Escape' || e.key === 'Enter') e.currentTarget.blur();
          }}
        />
        <NativeSelect
          size="xs"
          label={t('worklist.brand')}
          value={filter.brandId}
          onChange={(e) => setFilter({ ...filter, brandId: e.currentTarget.value })}
          data={[{ value: '', label: t('worklist.allBrands') }, ...brands.map(([value, label]) => ({ value, label }))]}
        />
        <NativeSelect
          size="xs"
          label={t('worklist.phase')}
          value={filter.phase}
          onChange={(e) => setFilter({ ...filter, phase: e.currentTarget.value })}
          data={[
            { value: '', label: t('worklist.allPhases') },
            ...phases.map((p) => ({ value: p, label: common(`phase.${p}`, { defaultValue: p }) })),
          ]}
        />
        <NativeSelect
          size="xs"
          label={t('worklist.dueFilter')}
          value={filter.due}
          onChange={(e) => setFilter({ ...filter, due: e.currentTarget.value as WorklistFilter['due'] })}
          data={[
            { value: 'all', label: t('worklist.dueAll') },
            { value: 'due', label: t('worklist.dueNow') },
            { value: 'later', label: t('worklist.dueLater') },
          ]}
        />
        {!sameFilter(filter, NO_FILTER) && (
          <Button size="xs" variant="subtle" onClick={() => setFilter(NO_FILTER)}>
            {t('worklist.clear')}
          </Button>
        )}
        <SavedFilters filter={filter} onApply={setFilter} />
      </Group>
      {error && <ErrorState error={error} onRetry={() => void refetch()} />}
      {loading && !data && <Loading />}
      {data && !all.length && <Empty title={t('worklist.empty')}>{t('worklist.emptyText')}</Empty>}
      {data && all.length > 0 && !rows.length && <Empty title={t('worklist.noMatch')}>{t('worklist.noMatchText')}</Empty>}
      {rows.length > 0 && (
        <ScrollRegion label={t('worklist.title')} maxHeight="calc(100vh - 230px)">
          <Table className="sticky-head" aria-label={t('worklist.title')}>
            <Table.Thead>
              <Table.Tr>
                <SortHeader label={t('worklist.priority')} k="priority" sort={sort} onSort={onSort} />
                <SortHeader label={t('worklist.debtor')} k="debtor" sort={sort} onSort={onSort} />
                <SortHeader label={t('worklist.brand')} k="brand" sort={sort} onSort={onSort} />
                <SortHeader label={t('worklist.phase')} k="phase" sort={sort} onSort={onSort} />
                <SortHeader label={t('worklist.open')} k="open" sort={sort} onSort={onSort} right />
                <SortHeader label={t('worklist.oldestDue')} k="oldestDue" sort={sort} onSort={onSort} />
                <SortHeader label={t('worklist.next')} k="next" sort={sort} onSort={onSort} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r, i) => (
                <Table.Tr
                  key={r.case.id}
                  data-selected={i === current || undefined}
                  bg={i === current ? 'indigo.0' : undefined}
                  style={{ cursor: 'pointer' }}
                  onClick={() => open(i)}
                >
                  <Table.Td>
                    {r.due ? (
                      <Badge size="sm" miw="max-content" color={MEANING.due}>
                        {t('worklist.due')}
                      </Badge>
                    ) : (
                      <Text size="xs" c="dimmed">
                        {t('worklist.later')}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Anchor
                      component={Link}
                      to={`/agent/cases/${r.case.id}`}
                      ref={(el: HTMLAnchorElement | null) => {
                        links.current[i] = el;
                      }}
                      onFocus={() => setSelected(i)}
                      onClick={(e) => {
                        e.stopPropagation();
                        lastOpened = r.case.id;
                      }}
                      size="sm"
                      fw={500}
                      c="dark.9"
                    >
                      {r.debtorName}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{r.brand.name}</Table.Td>
                  <Table.Td>
                    <Badge size="sm" miw="max-content" color={PHASE_COLOUR[r.case.phase] ?? 'gray'}>
                      {common(`phase.${r.case.phase}`, { defaultValue: r.case.phase })}
                    </Badge>
                  </Table.Td>
                  <Table.Td ta="right" style={{ fontVariantNumeric: 'tabular-nums' }}>
                    {f.money(r.case.balance.openMinor, r.case.balance.currency)}
                  </Table.Td>
                  <Table.Td>{f.date(r.case.oldestDueDate)}</Table.Td>
                  <Table.Td>
                    <Why row={r} journey={why.data ? journeys.get(r.case.id) : undefined} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollRegion>
      )}
    </>
  );
}
