import { ReactNode } from 'react';

/**
 * A scrolling box for a long table (its header sticks, see .sticky-head): focusable and named,
 * so keyboard users can scroll it too.
 */
export function ScrollRegion({ label, maxHeight, children }: { label: string; maxHeight?: string; children: ReactNode }) {
  return (
    <div role="region" aria-label={label} tabIndex={0} style={{ overflow: 'auto', maxHeight }}>
      {children}
    </div>
  );
}
