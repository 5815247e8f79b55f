/**
 * A brand's colours used so every text on them stays readable (WCAG 2.1 AA): the brand picks any
 * colour, the page picks black or white text for it, and darkens it where it is itself the text.
 */

/** What a brand without a valid colour looks like (the brand look's own default). */
const DEFAULT_PRIMARY = '#1f3a5f';
const DEFAULT_SECONDARY = '#e8eef5';
const WHITE = '#ffffff';
const BLACK = '#000000';
/** AA for normal text. */
const AA = 4.5;

type Rgb = [number, number, number];

function rgbOf(hex: string): Rgb | null {
  const m = /^#?([0-9a-f]{6})$/i.exec(hex.trim());
  if (!m) return null;
  const n = parseInt(m[1]!, 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function hexOf([r, g, b]: Rgb): string {
  return `#${[r, g, b].map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;
}

/** WCAG 2.1 relative luminance of an sRGB colour. */
export function relativeLuminance(hex: string): number {
  const rgb = rgbOf(hex);
  if (!rgb) throw new Error(`not a #rrggbb colour: ${hex}`);
  const [r, g, b] = rgb.map((c) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as Rgb;
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio of two colours, 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** Black or white, whichever reads better on the colour (one of them always reaches 4.5:1). */
export function textOn(background: string): string {
  return contrastRatio(background, BLACK) >= contrastRatio(background, WHITE) ? BLACK : WHITE;
}

/** The colour itself where it reads on white as text or a border, else darkened until it does. */
export function readableOnWhite(colour: string): string {
  const rgb = rgbOf(colour);
  if (!rgb) return DEFAULT_PRIMARY;
  for (let k = 1; k > 0; k -= 0.05) {
    const shade = hexOf(rgb.map((c) => c * k) as Rgb);
    if (contrastRatio(shade, WHITE) >= AA) return shade;
  }
  return BLACK;
}

export interface BrandColours {
  /** The header's background and the page's accents. */
  primary: string;
  /** Text on the primary colour. */
  onPrimary: string;
  /** The primary colour where it is text (links, headings) on white. */
  accent: string;
  /** The page's background around its cards. */
  secondary: string;
  /** Text on the secondary colour. */
  onSecondary: string;
}

/** A brand's colours as the page uses them; a colour that is not #rrggbb is the default. */
export function brandColours(primaryColor: string | null | undefined, secondaryColor: string | null | undefined): BrandColours {
  const primary = primaryColor && rgbOf(primaryColor) ? primaryColor : DEFAULT_PRIMARY;
  const secondary = secondaryColor && rgbOf(secondaryColor) ? secondaryColor : DEFAULT_SECONDARY;
  return { primary, onPrimary: textOn(primary), accent: readableOnWhite(primary), secondary, onSecondary: textOn(secondary) };
}

/** The Amicus look, for a page no brand is known for (a link that opens nothing). */
export const AMICUS_COLOURS: BrandColours = brandColours('#ffffff', '#f1f3f5');
