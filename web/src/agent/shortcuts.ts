import { useEffect, useLayoutEffect, useRef } from 'react';

/** A key press meant for the page, not typed into a field or a control that uses keys itself. */
export function isPageKey(e: KeyboardEvent): boolean {
  if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return false;
  const el = e.target as HTMLElement | null;
  if (!el) return true;
  if (el.isContentEditable) return false;
  const tag = el.tagName;
  if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT') return false;
  // Enter and space on a link or a button are that control's own.
  if ((e.key === 'Enter' || e.key === ' ') && el.closest('a, button, [role="button"], [role="tab"], summary')) return false;
  // Inside an open dialog the dialog's own keys count, not the page's.
  return !el.closest('[role="dialog"]');
}

/**
 * Single-key shortcuts for a page: `keys` maps `e.key` to what it does. Ignored while typing
 * in a field or inside a dialog; `enabled` false turns them off.
 */
export function useShortcuts(keys: Record<string, (e: KeyboardEvent) => void>, enabled = true): void {
  const ref = useRef(keys);
  useLayoutEffect(() => {
    ref.current = keys;
  });
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      if (!isPageKey(e)) return;
      const run = ref.current[e.key];
      if (!run) return;
      e.preventDefault();
      run(e);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled]);
}
