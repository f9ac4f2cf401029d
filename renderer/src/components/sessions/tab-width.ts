/** Tabs fit their name within these bounds: short names stay compact, long ones are not cut early. */
export const MIN_TAB_WIDTH = 120;
export const MAX_TAB_WIDTH = 360;
/** The dot, the gaps, the padding and the archive button around the name (measured bold, as when selected). */
const TAB_CHROME_PX = 80;
const FALLBACK_CHAR_PX = 7.5;

let context: CanvasRenderingContext2D | null | undefined;

function textWidth(text: string): number {
  if (context === undefined) {
    context = document.createElement('canvas').getContext('2d');
    if (context) context.font = `600 13px ${getComputedStyle(document.body).fontFamily}`;
  }
  return context ? context.measureText(text).width : text.length * FALLBACK_CHAR_PX;
}

/** The width a tab needs to show `name` whole, within the bounds. */
export function tabWidth(name: string): number {
  const wanted = Math.ceil(textWidth(name)) + TAB_CHROME_PX;
  return Math.min(MAX_TAB_WIDTH, Math.max(MIN_TAB_WIDTH, wanted));
}
