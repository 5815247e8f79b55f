import { useApolloClient, useQuery } from '@apollo/client/react';
import {
  Anchor,
  Badge,
  Button,
  Chip,
  Group,
  Input,
  NativeSelect,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { ReactNode, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { errorText } from '../api/errors';
import { useUser } from '../auth/session';
import { Empty, ErrorState, Loading } from '../components/PageState';
import { ScrollRegion } from '../components/ScrollRegion';
import { useFormat } from '../format';
import { graphql } from '../gql';
import type { CaseFilterInput, CaseSortField, ClientCasesQuery, SortDirection } from '../gql/graphql';
import { MEANING, PHASE_COLOUR } from '../theme';
import { minorOfTyped } from '../amount';
import { useNotify } from './notify';
import { casesCsv, CSV_HEADER, download, type ExportedCase } from './case-export';

export const CLIENT_CASES = graphql(`
  query ClientCases($filter: CaseFilterInput, $orderBy: CaseOrderInput, $page: CasePageInput) {
    cases(filter: $filter, orderBy: $orderBy, page: $page) {
      nodes {
        id
        phase
        outcome
        holdUntil
        oldestDueDate
        openedAt
        nextActionAt
        brand {
          id
          name
        }
        debtor {
          id
          name
          clientReference
        }
        balance {
          currency
          principalMinor
          paidMinor
          openMinor
        }
      }
      endCursor
      hasNextPage
    }
  }
`);

export const CLIENT_BRANDS = graphql(`
  query ClientBrands($id: ID!) {
    client(id: $id) {
      id
      name
      brands {
        id
        name
      }
    }
  }
`);

// The same search from three starting points: the names sort by code point (capitals first),
// so "nath" alone would start past "Nathalie".
const DEBTOR_SEARCH = graphql(`
  query ClientDebtorSearch($clientId: ID!, $asTyped: String, $capitalised: String, $lower: String) {
    asTyped: debtors(clientId: $clientId, first: 25, after: $asTyped) {
      id
      name
    }
    capitalised: debtors(clientId: $clientId, first: 25, after: $capitalised) {
      id
      name
    }
    lower: debtors(clientId: $clientId, first: 25, after: $lower) {
      id
      name
    }
  }
`);

export const PHASES = ['placed', 'amicable', 'legal_review', 'legal', 'closed'] as const;
const PAGE_SIZES = ['25', '50', '100'];
const EXPORT_PAGE = 500;

type SortKey = 'OPENED_AT' | 'OPEN_AMOUNT' | 'OLDEST_DUE_DATE' | 'NEXT_ACTION_AT';

/** The filters as they stand in the address (so a reload, a shared link and Back keep them). */
function useListParams() {
  const [params, setParams] = useSearchParams();
  const get = (k: string) => params.get(k) ?? '';
  const set = (changes: Record<string, string | null>) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        for (const [k, v] of Object.entries(changes)) {
          if (v) next.set(k, v);
          else next.delete(k);
        }
        return next;
      },
      { replace: true },
    );
  return { params, get, set };
}

export function CaseList() {
  const { t } = useTranslation('client');
  const { t: common } = useTranslation();
  const f = useFormat();
  const user = useUser();
  const navigate = useNavigate();
  const apollo = useApolloClient();
  const notify = useNotify();
  const { params, get, set } = useListParams();

  const phases = get('phase') ? get('phase').split(',') : [];
  const sort = (get('sort') || 'OPENED_AT') as SortKey;
  const direction = (get('dir') || 'DESC') as SortDirection;
  const pageSize = PAGE_SIZES.includes(get('size')) ? Number(get('size')) : 50;
  const [minText, setMinText] = useState(get('min') ? decimalText(get('min')) : '');
  const [maxText, setMaxText] = useState(get('max') ? decimalText(get('max')) : '');
  const minMinor = minText.trim() ? (minorOfTyped(minText, 'EUR') ?? undefined) : '';
  const maxMinor = maxText.trim() ? (minorOfTyped(maxText, 'EUR') ?? undefined) : '';

  const filter: CaseFilterInput = {
    ...(phases.length ? { phases } : {}),
    ...(get('brand') ? { brandId: get('brand') } : {}),
    ...(get('debtor') ? { debtorId: get('debtor') } : {}),
    ...(get('min') ? { minOpenMinor: get('min') } : {}),
    ...(get('max') ? { maxOpenMinor: get('max') } : {}),
  };
  const orderBy = { field: sort as CaseSortField, direction };

  // Cursor pagination: the cursors of the pages seen so far, for this filter and order only.
  const listKey = `${params.toString()}`;
  const [paging, setPaging] = useState<{ key: string; cursors: (string | null)[] }>({ key: listKey, cursors: [null] });
  const cursors = paging.key === listKey ? paging.cursors : [null];
  const pageIndex = cursors.length - 1;

  const { data, loading, error, refetch } = useQuery(CLIENT_CASES, {
    variables: { filter, orderBy, page: { first: pageSize, after: cursors[pageIndex] ?? null } },
  });
  const brands = useQuery(CLIENT_BRANDS, { variables: { id: user.clientId ?? '' }, skip: !user.clientId });
  const rows = data?.cases.nodes ?? [];
  const filtered = Object.keys(filter).length > 0;

  const [exporting, setExporting] = useState<number | null>(null);
  async function exportCsv() {
    setExporting(0);
    const all: ExportedCase[] = [];
    try {
      let after: string | null = null;
      do {
        const page: { data?: ClientCasesQuery } = await apollo.query({
          query: CLIENT_CASES,
          variables: { filter, orderBy, page: { first: EXPORT_PAGE, after } },
          fetchPolicy: 'network-only',
        });
        const conn: ClientCasesQuery['cases'] = page.data!.cases;
        all.push(...conn.nodes);
        setExporting(all.length);
        after = conn.hasNextPage ? (conn.endCursor ?? null) : null;
      } while (after);
      download(casesCsv(all, CSV_HEADER), `cases-${new Date().toISOString().slice(0, 10)}.csv`);
      notify(t('cases.exported', { count: all.length }));
    } catch (e) {
      notify(errorText(e), { title: t('cases.exportFailed'), failed: true });
    } finally {
      setExporting(null);
    }
  }

  const sortHeader = (key: SortKey, label: string, align?: 'right') => (
    <Table.Th ta={align} aria-sort={sort === key ? (direction === 'ASC' ? 'ascending' : 'descending') : 'none'}>
      <UnstyledButton
        fz="sm"
        fw={700}
        aria-label={t('cases.sortBy', { column: label })}
        onClick={() => set({ sort: key, dir: sort === key && direction === 'DESC' ? 'ASC' : 'DESC' })}
      >
        {label} {sort === key ? (direction === 'ASC' ? '▲' : '▼') : ''}
      </UnstyledButton>
    </Table.Th>
  );

  return (
    <>
      <Group justify="space-between" mb="sm" align="flex-end">
        <div>
          <Title order={1} size="h3">
            {t('cases.title')}
          </Title>
          <Text c="dimmed" size="sm">
            {t('cases.subtitle')}
          </Text>
        </div>
        <Button variant="default" onClick={() => void exportCsv()} loading={exporting !== null} disabled={!rows.length}>
          {common('export')}
        </Button>
      </Group>
      {exporting !== null && (
        <Text size="sm" c="dimmed" role="status" mb="xs">
          {t('cases.exporting', { count: exporting })}
        </Text>
      )}

      <Paper withBorder p="sm" mb="sm" component="form" role="search" aria-label={t('cases.filters')} onSubmit={(e) => e.preventDefault()}>
        <Stack gap="xs">
          <Chip.Group multiple value={phases} onChange={(v) => set({ phase: v.join(',') || null })}>
            <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
              <Input.Label component="legend" mb={6} p={0}>
                {t('cases.phase')}
              </Input.Label>
              <Group gap={6} wrap="wrap">
                {PHASES.map((p) => (
                  <Chip key={p} value={p} size="sm" variant="outline">
                    {common(`phase.${p}`)}
                  </Chip>
                ))}
              </Group>
            </fieldset>
          </Chip.Group>
          <Group align="flex-start" gap="sm">
            <Select
              label={t('cases.brand')}
              placeholder={t('cases.allBrands')}
              data={(brands.data?.client?.brands ?? []).map((b) => ({ value: b.id, label: b.name }))}
              value={get('brand') || null}
              onChange={(v) => set({ brand: v })}
              clearable
              w={200}
            />
            <DebtorFilter
              clientId={user.clientId ?? ''}
              selected={get('debtor') ? { id: get('debtor'), name: get('debtorName') } : null}
              onChange={(d) => set({ debtor: d?.id ?? null, debtorName: d?.name ?? null })}
            />
            <TextInput
              label={t('cases.minOpen')}
              placeholder={t('cases.amountPlaceholder')}
              inputMode="decimal"
              value={minText}
              onChange={(e) => setMinText(e.currentTarget.value)}
              onBlur={() => minMinor !== undefined && set({ min: minMinor || null })}
              onKeyDown={(e) => e.key === 'Enter' && minMinor !== undefined && set({ min: minMinor || null })}
              error={minMinor === undefined ? t('cases.notAmount') : undefined}
              w={130}
            />
            <TextInput
              label={t('cases.maxOpen')}
              placeholder={t('cases.amountPlaceholder')}
              inputMode="decimal"
              value={maxText}
              onChange={(e) => setMaxText(e.currentTarget.value)}
              onBlur={() => maxMinor !== undefined && set({ max: maxMinor || null })}
              onKeyDown={(e) => e.key === 'Enter' && maxMinor !== undefined && set({ max: maxMinor || null })}
              error={maxMinor === undefined ? t('cases.notAmount') : undefined}
              w={130}
            />
            {filtered && (
              <Button
                variant="subtle"
                mt={25}
                onClick={() => {
                  setMinText('');
                  setMaxText('');
                  set({ phase: null, brand: null, debtor: null, debtorName: null, min: null, max: null });
                }}
              >
                {t('cases.clear')}
              </Button>
            )}
          </Group>
        </Stack>
      </Paper>

      {error && <ErrorState error={error} onRetry={() => void refetch()} />}
      {loading && !data && <Loading />}
      {data && !rows.length && <Empty title={t('cases.empty')}>{filtered ? t('cases.emptyFiltered') : t('cases.emptyNone')}</Empty>}
      {rows.length > 0 && (
        <ScrollRegion label={t('cases.table')} maxHeight="calc(100vh - 330px)">
          <Table className="sticky-head" aria-label={t('cases.table')} aria-busy={loading}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('cases.reference')}</Table.Th>
                <Table.Th>{t('cases.debtor')}</Table.Th>
                <Table.Th>{t('cases.brandCol')}</Table.Th>
                <Table.Th>{t('cases.phaseCol')}</Table.Th>
                <Table.Th ta="right">{t('cases.principal')}</Table.Th>
                {sortHeader('OPEN_AMOUNT', t('cases.open'), 'right')}
                {sortHeader('OLDEST_DUE_DATE', t('cases.oldestDue'))}
                {sortHeader('OPENED_AT', t('cases.openedAt'))}
                {sortHeader('NEXT_ACTION_AT', t('cases.nextAction'))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r) => (
                <Table.Tr key={r.id} style={{ cursor: 'pointer' }} onClick={() => void navigate(`/client/cases/${r.id}`)}>
                  <Table.Td>
                    <Text size="sm" c="dimmed">
                      {r.debtor?.clientReference ?? '—'}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Anchor component={Link} to={`/client/cases/${r.id}`} size="sm" fw={500} onClick={(e) => e.stopPropagation()}>
                      {r.debtor?.name ?? r.id}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{r.brand?.name}</Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      <Badge color={PHASE_COLOUR[r.phase] ?? 'gray'} miw="max-content">
                        {common(`phase.${r.phase}`)}
                      </Badge>
                      {r.holdUntil && r.phase !== 'closed' && (
                        <Badge color={MEANING.hold} miw="max-content">
                          {t('cases.onHold')}
                        </Badge>
                      )}
                    </Group>
                    {r.outcome && (
                      <Text size="xs" c="dimmed">
                        {t(`outcome.${r.outcome}`, { defaultValue: r.outcome })}
                      </Text>
                    )}
                  </Table.Td>
                  <Num>{f.money(r.balance.principalMinor, r.balance.currency)}</Num>
                  <Num>{f.money(r.balance.openMinor, r.balance.currency)}</Num>
                  <Table.Td>{f.date(r.oldestDueDate)}</Table.Td>
                  <Table.Td>{f.date(r.openedAt)}</Table.Td>
                  <Table.Td>{r.phase === 'closed' ? '—' : f.dateTime(r.nextActionAt)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollRegion>
      )}
      {(rows.length > 0 || pageIndex > 0) && (
        <Group justify="space-between" mt="sm">
          <NativeSelect
            size="xs"
            aria-label={t('cases.perPage')}
            data={PAGE_SIZES}
            value={String(pageSize)}
            onChange={(e) => set({ size: e.currentTarget.value })}
          />
          <Group gap="xs">
            <Button
              variant="default"
              size="xs"
              disabled={pageIndex === 0}
              onClick={() => setPaging({ key: listKey, cursors: cursors.slice(0, -1) })}
            >
              {t('cases.previous')}
            </Button>
            <Text size="sm" aria-live="polite">
              {t('cases.page', { page: pageIndex + 1 })}
            </Text>
            <Button
              variant="default"
              size="xs"
              disabled={!data?.cases.hasNextPage}
              onClick={() => setPaging({ key: listKey, cursors: [...cursors, data?.cases.endCursor ?? null] })}
            >
              {t('cases.next')}
            </Button>
          </Group>
        </Group>
      )}
    </>
  );
}

function Num({ children }: { children: ReactNode }) {
  return (
    <Table.Td ta="right" style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
      {children}
    </Table.Td>
  );
}

/** Minor units back to the text the field shows (`12550` → `125.50`). */
function decimalText(minor: string): string {
  return /^\d+$/.test(minor) ? `${minor.slice(0, -2) || '0'}.${minor.slice(-2).padStart(2, '0')}` : '';
}

/**
 * The debtor filter: the client's debtors whose name starts with what is typed. The API lists a
 * client's debtors by name from a point (`after: "name|id"`), which is what a prefix search needs.
 */
function DebtorFilter({
  clientId,
  selected,
  onChange,
}: {
  clientId: string;
  selected: { id: string; name: string } | null;
  onChange: (d: { id: string; name: string } | null) => void;
}) {
  const { t } = useTranslation('client');
  const [search, setSearch] = useState('');
  // Filters cleared (or the debtor taken off elsewhere): the box is emptied too, so the name still
  // typed in it is not searched again and picked back.
  const selectedId = selected?.id ?? null;
  useEffect(() => {
    if (selectedId === null) setSearch('');
  }, [selectedId]);
  const [typed] = useDebouncedValue(search.trim(), 250);
  const searching = typed !== '' && typed !== selected?.name;
  const lower = typed.toLocaleLowerCase();
  const after = (start: string) => `${start}|`;
  const { data } = useQuery(DEBTOR_SEARCH, {
    variables: {
      clientId,
      asTyped: after(typed),
      capitalised: after(lower.charAt(0).toLocaleUpperCase() + lower.slice(1)),
      lower: after(lower),
    },
    skip: !clientId || !searching,
  });
  const options = useMemo(() => {
    const seen = new Map<string, string>();
    if (searching && data) {
      for (const d of [...data.asTyped, ...data.capitalised, ...data.lower]) {
        if (d.name.toLocaleLowerCase().startsWith(lower)) seen.set(d.id, d.name);
      }
    }
    const list = [...seen].map(([value, label]) => ({ value, label })).sort((a, b) => a.label.localeCompare(b.label));
    if (selected && !seen.has(selected.id)) list.unshift({ value: selected.id, label: selected.name });
    return list;
  }, [data, searching, lower, selected]);
  return (
    <Select
      label={t('cases.debtor')}
      placeholder={t('cases.debtorPlaceholder')}
      searchable
      clearable
      searchValue={search}
      onSearchChange={setSearch}
      data={options}
      filter={({ options: o }) => o}
      nothingFoundMessage={searching && data ? t('cases.debtorNothing') : t('cases.debtorPlaceholder')}
      value={selected?.id ?? null}
      onChange={(id, option) => onChange(id && option ? { id, name: option.label } : null)}
      w={240}
    />
  );
}
