import type { CSSProperties } from 'react';

/**
 * Mantine's error colour (red 8) is just under AA contrast on white (4.48:1), so a field's error
 * and its text fail axe; red 9 reads. Set on the pages of legal staff and the admin (the app's
 * theme, theme.ts, would be the place for every audience).
 */
export const READABLE_ERRORS = { '--mantine-color-error': 'var(--mantine-color-red-9)' } as CSSProperties;
