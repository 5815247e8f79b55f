/**
 * What a placement reports: its counts (the shape of the PlacementImported contract, defined
 * there once), how many contact details it left out, and the first issues with their line,
 * field and reason.
 */
import type { PlacementImportedV1 } from '@amicus/events';

/** The counts of one placement, as the event carries them. */
export type PlacementCounts = Pick<
  PlacementImportedV1,
  'rowsRead' | 'imported' | 'rejected' | 'casesOpened' | 'casesExtended' | 'duplicates' | 'conflicts'
>;

/** A refused row's problem, a known invoice placed with another amount, or a contact detail left out of a kept row. */
export interface PlacementIssue {
  kind: 'rejected' | 'changed_amount' | 'warning';
  line: number;
  field: string;
  reason: string;
}

export interface PlacementReport extends PlacementCounts {
  placementId: string;
  clientId: string;
  brandId: string;
  /** Warnings (bad e-mail addresses and phone numbers left out); their rows count as imported or rejected as the rest of the row says. */
  warnings: number;
  /** The first `REPORTED_ISSUES` issues; all of them are kept with the placement. */
  issues: PlacementIssue[];
}

export const REPORTED_ISSUES = 1000;

/** Counts before the first row. */
export const noCounts = (): PlacementCounts => ({
  rowsRead: 0,
  imported: 0,
  rejected: 0,
  casesOpened: 0,
  casesExtended: 0,
  duplicates: 0,
  conflicts: 0,
});

export function emptyReport(placementId: string, clientId: string, brandId: string): PlacementReport {
  return { placementId, clientId, brandId, ...noCounts(), warnings: 0, issues: [] };
}

/** The report's counts alone, for the PlacementImported event and the placements row. */
export function countsOf(r: PlacementCounts): PlacementCounts {
  return {
    rowsRead: r.rowsRead,
    imported: r.imported,
    rejected: r.rejected,
    casesOpened: r.casesOpened,
    casesExtended: r.casesExtended,
    duplicates: r.duplicates,
    conflicts: r.conflicts,
  };
}
