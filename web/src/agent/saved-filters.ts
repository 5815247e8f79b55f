/** The worklist's filter, and the ones an agent saved under a name (kept on this device, in localStorage). */
export interface WorklistFilter {
  brandId: string;
  phase: string;
  /** all, due (its next action is due now) or later */
  due: 'all' | 'due' | 'later';
  search: string;
}

export interface SavedFilter {
  name: string;
  filter: WorklistFilter;
}

export const NO_FILTER: WorklistFilter = { brandId: '', phase: '', due: 'all', search: '' };

const SAVED = 'amicus.agent.worklist.savedFilters';
const CURRENT = 'amicus.agent.worklist.filter';

function read<T>(key: string, fallback: T): T {
  try {
    const raw = localStorage.getItem(key);
    return raw ? (JSON.parse(raw) as T) : fallback;
  } catch {
    return fallback;
  }
}

const isFilter = (f: unknown): f is WorklistFilter =>
  typeof f === 'object' && f !== null && 'brandId' in f && 'phase' in f && 'due' in f && 'search' in f;

export function loadSavedFilters(): SavedFilter[] {
  const saved = read<unknown>(SAVED, []);
  return Array.isArray(saved) ? saved.filter((s): s is SavedFilter => typeof s?.name === 'string' && isFilter(s?.filter)) : [];
}

export function storeSavedFilters(saved: SavedFilter[]): void {
  localStorage.setItem(SAVED, JSON.stringify(saved));
}

/** The filter in use, so coming back from a case shows the same list. */
export function loadCurrentFilter(): WorklistFilter {
  const f = read<unknown>(CURRENT, NO_FILTER);
  return isFilter(f) ? { ...NO_FILTER, ...f } : NO_FILTER;
}

export function storeCurrentFilter(f: WorklistFilter): void {
  localStorage.setItem(CURRENT, JSON.stringify(f));
}

export const sameFilter = (a: WorklistFilter, b: WorklistFilter) =>
  a.brandId === b.brandId && a.phase === b.phase && a.due === b.due && a.search === b.search;
