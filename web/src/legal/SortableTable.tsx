import { Group, Table, UnstyledButton } from '@mantine/core';
import { useMemo, useState } from 'react';

export type SortDirection = 'asc' | 'desc';
export interface SortState<K extends string> {
  key: K;
  direction: SortDirection;
}

/** What a column sorts by: text (compared in the user's language), a number, or a minor-unit amount. */
export type SortValue = string | number | bigint | null | undefined;

function compare(a: SortValue, b: SortValue, locale: string): number {
  // Empty values go last whichever the direction, so a sort never starts with blanks.
  if (a == null || a === '') return b == null || b === '' ? 0 : 1;
  if (b == null || b === '') return -1;
  if (typeof a === 'string' && typeof b === 'string') return a.localeCompare(b, locale, { sensitivity: 'base', numeric: true });
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * A table's sort: the column and direction chosen, and the rows in that order (stable, blanks
 * last). Clicking the sorted column again turns the direction.
 */
export function useSort<T, K extends string>(
  rows: readonly T[],
  values: Record<K, (row: T) => SortValue>,
  initial: SortState<K>,
  locale: string,
) {
  const [sort, setSort] = useState<SortState<K>>(initial);
  const sorted = useMemo(() => {
    const by = values[sort.key];
    const sign = sort.direction === 'asc' ? 1 : -1;
    return rows
      .map((row, i) => ({ row, i, v: by(row) }))
      .sort((x, y) => {
        const blank = (v: SortValue) => v == null || v === '';
        if (blank(x.v) || blank(y.v)) return compare(x.v, y.v, locale) || x.i - y.i;
        return sign * compare(x.v, y.v, locale) || x.i - y.i;
      })
      .map((x) => x.row);
    // `values` is a fresh object each render; the sort depends on the rows and the choice only.
  }, [rows, sort, locale]);
  const toggle = (key: K) =>
    setSort((s) => (s.key === key ? { key, direction: s.direction === 'asc' ? 'desc' : 'asc' } : { key, direction: 'asc' }));
  return { sorted, sort, toggle };
}

/** A column header that sorts its table: a button (Tab, Enter), with aria-sort on the header cell. */
export function SortTh<K extends string>({
  column,
  sort,
  onSort,
  children,
  numeric,
}: {
  column: K;
  sort: SortState<K>;
  onSort: (key: K) => void;
  children: string;
  numeric?: boolean;
}) {
  const active = sort.key === column;
  const ariaSort = active ? (sort.direction === 'asc' ? 'ascending' : 'descending') : 'none';
  return (
    <Table.Th aria-sort={ariaSort} ta={numeric ? 'right' : undefined} style={{ whiteSpace: 'nowrap' }}>
      <UnstyledButton onClick={() => onSort(column)} fz="sm" fw={600} style={{ width: numeric ? '100%' : undefined }}>
        <Group gap={4} wrap="nowrap" justify={numeric ? 'flex-end' : 'flex-start'}>
          <span>{children}</span>
          <span aria-hidden style={{ opacity: active ? 1 : 0.35, fontSize: 10 }}>
            {active ? (sort.direction === 'asc' ? '▲' : '▼') : '↕'}
          </span>
        </Group>
      </UnstyledButton>
    </Table.Th>
  );
}

/** Amounts line up by their digits. */
export const NUMERIC = { fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' } as const;
