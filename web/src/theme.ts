import { createTheme, CSSVariablesResolver, MantineColor } from '@mantine/core';

/** One theme for every audience: a calm blue, compact tables, and colour only where it means something. */
export const theme = createTheme({
  primaryColor: 'indigo',
  // Shade 8 and automatic text colour keep every filled button and badge at WCAG AA contrast.
  primaryShade: { light: 8, dark: 6 },
  autoContrast: true,
  defaultRadius: 'sm',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  headings: { fontWeight: '600' },
  components: {
    Table: { defaultProps: { verticalSpacing: 6, horizontalSpacing: 'sm', highlightOnHover: true, striped: false } },
    Button: { defaultProps: { size: 'sm' } },
  },
});

/** Dimmed text dark enough to read (Mantine's default grey is under AA contrast on white). */
export const cssVariables: CSSVariablesResolver = (t) => ({
  variables: {},
  light: { '--mantine-color-dimmed': t.colors.gray[7]! },
  dark: {},
});

/**
 * Colour used for meaning, the same on every screen (filled badges: the shades keep AA contrast,
 * dark text on the light orange, white on the rest).
 */
export const MEANING = {
  due: 'orange.4',
  overdue: 'red.9',
  refused: 'red.9',
  paid: 'teal.9',
  disputed: 'grape.9',
  legal: 'violet.9',
  hold: 'gray.7',
  info: 'blue.9',
  ok: 'teal.9',
} satisfies Record<string, MantineColor>;

export const PHASE_COLOUR: Record<string, MantineColor> = {
  placed: 'blue.9',
  amicable: 'indigo.9',
  legal_review: 'violet.9',
  legal: 'violet.9',
  closed: 'gray.7',
};
