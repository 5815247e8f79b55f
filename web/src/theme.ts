import {
  createTheme,
  CSSVariablesResolver,
  darken,
  defaultVariantColorsResolver,
  MantineColor,
  parseThemeColor,
  VariantColorsResolver,
} from '@mantine/core';

/**
 * Light variants (alerts, light badges and buttons) write in a darkened shade 9 of their
 * colour: Mantine's shade 6 on its pale background is under AA contrast (so is teal's shade 9).
 */
const readableVariants: VariantColorsResolver = (input) => {
  const colours = defaultVariantColorsResolver(input);
  if (input.variant !== 'light') return colours;
  const parsed = parseThemeColor({ color: input.color ?? input.theme.primaryColor, theme: input.theme });
  if (!parsed.isThemeColor || !parsed.color) return colours;
  const shades = input.theme.colors[parsed.color];
  if (!shades) return colours;
  const text = darken(shades[9]!, 0.3);
  return { ...colours, color: text, hoverColor: text };
};

/** One theme for every audience: a calm blue, compact tables, and colour only where it means something. */
export const theme = createTheme({
  primaryColor: 'indigo',
  // Shade 8 and automatic text colour keep every filled button and badge at WCAG AA contrast.
  primaryShade: { light: 8, dark: 6 },
  autoContrast: true,
  variantColorResolver: readableVariants,
  defaultRadius: 'sm',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  headings: { fontWeight: '600' },
  components: {
    Table: { defaultProps: { verticalSpacing: 6, horizontalSpacing: 'sm', highlightOnHover: true, striped: false } },
    Button: { defaultProps: { size: 'sm' } },
  },
});

/** Dimmed text and field errors dark enough to read (Mantine's defaults are under AA contrast on white). */
export const cssVariables: CSSVariablesResolver = (t) => ({
  variables: {},
  light: { '--mantine-color-dimmed': t.colors.gray[7]!, '--mantine-color-error': t.colors.red[9]! },
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
