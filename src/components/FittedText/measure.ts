/**
 * Text widths for layout, measured on the canvas @grafana/ui keeps for that (getCanvasContext), in
 * the theme's own font stack so that the canvas falls back to the same face as the page does.
 */
import type { GrafanaTheme2 } from '@grafana/data';
import { getCanvasContext } from '@grafana/ui';

export interface TextStyle {
  /** px */
  size: number;
  weight: number;
}

const cache = new Map<string, number>();
/**
 * The font last set on the shared canvas, and the context's own spelling of it: reading `ctx.font`
 * gives the browser's normalised form, never equal to the string set, so comparing against the
 * string set would parse the font again on every measure.
 */
let lastFont = { set: '', normalised: '' };
const CACHE_LIMIT = 5000;

/**
 * The theme's body letter spacing, em (it sets one only with its default font), which the canvas's
 * measure does not include.
 */
function letterSpacingEm(theme: GrafanaTheme2): number {
  const spacing = theme.typography.body.letterSpacing;
  return typeof spacing === 'string' && spacing.endsWith('em') ? parseFloat(spacing) : 0;
}

/** A function measuring text in `style`, px; results are cached per font and text. */
export function textMeasurer(theme: GrafanaTheme2, style: TextStyle): (text: string) => number {
  const font = `${style.weight} ${style.size}px ${theme.typography.fontFamily}`;
  const perChar = letterSpacingEm(theme) * style.size;
  return (text) => {
    const key = font + '\u0000' + text;
    let width = cache.get(key);
    if (width === undefined) {
      const ctx = getCanvasContext();
      // Other code (Grafana's own measureText) shares this canvas and may have set another font.
      if (lastFont.set !== font || ctx.font !== lastFont.normalised) {
        ctx.font = font;
        lastFont = { set: font, normalised: ctx.font };
      }
      // Rounded up, and a pixel more: the page may lay out sub-pixel wider than the canvas measures.
      width = Math.ceil(ctx.measureText(text).width + perChar * text.length) + 1;
      if (cache.size >= CACHE_LIMIT) {
        cache.clear();
      }
      cache.set(key, width);
    }
    return width;
  };
}

/** No printable ASCII glyph of a UI font is wider than this (em): Arial's '@', the widest, is 1.02. */
const ASCII_MAX_EM = 1.2;

/**
 * True when `text` fits `maxWidth` however its glyphs measure: printable ASCII at most ASCII_MAX_EM
 * each. Lets a short name skip the canvas measure, whose first calls on a page are slow (the font's
 * shaping); false says nothing, the text must be measured.
 */
export function surelyFits(theme: GrafanaTheme2, style: TextStyle, text: string, maxWidth: number): boolean {
  if (!/^[\x20-\x7e]*$/.test(text)) {
    return false;
  }
  // A negative spacing only narrows the text: the bound leaves it out.
  const perChar = Math.max(0, letterSpacingEm(theme));
  // As textMeasurer rounds: up, and a pixel more.
  return Math.ceil(text.length * style.size * (ASCII_MAX_EM + perChar)) + 1 <= maxWidth;
}

/** The body text style of the theme (what table cells and titles use), at a weight. */
export function bodyText(
  theme: GrafanaTheme2,
  weight: number | string = theme.typography.fontWeightRegular
): TextStyle {
  return { size: theme.typography.fontSize, weight: Number(weight) };
}

/** The small text style of the theme (headers, banner). */
export function smallText(
  theme: GrafanaTheme2,
  weight: number | string = theme.typography.fontWeightRegular
): TextStyle {
  return { size: theme.typography.fontSize * 0.857, weight: Number(weight) };
}
