// Text colour on a coloured background, chosen for WCAG contrast.

/** Black, not the page's dark grey: only black or white reach 4.5:1 on every colour of the ramp. */
const DARK_TEXT = '#000000';

/** WCAG relative luminance of a #rrggbb colour. */
export function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** White or dark text, whichever contrasts more with the square's colour (at least 4.6:1 anywhere on the ramp, a test checks it). */
export function textColourOn(background: string): string {
  const l = luminance(background);
  const onWhite = 1.05 / (l + 0.05);
  const onDark = (l + 0.05) / (luminance(DARK_TEXT) + 0.05);
  return onWhite >= onDark ? '#ffffff' : DARK_TEXT;
}
