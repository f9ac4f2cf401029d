import type { SidebarLayout } from '@contract';

/** The server's limits (SIDEBAR_WIDTH in the contract): it refuses a width outside them. */
export const SIDEBAR_MIN_WIDTH = 180;
export const SIDEBAR_MAX_WIDTH = 480;
export const DEFAULT_SIDEBAR: SidebarLayout = { width: 264, collapsed: false };

/** How far one arrow key press moves the sidebar's edge; with Shift, a bigger step. */
const KEY_STEP = 16;
const BIG_KEY_STEP = 64;

export function clampSidebarWidth(width: number): number {
  return Math.round(Math.min(SIDEBAR_MAX_WIDTH, Math.max(SIDEBAR_MIN_WIDTH, width)));
}

/** The width a key pressed on the resize handle asks for; null for a key it does not handle. */
export function widthForKey(key: string, shift: boolean, width: number): number | null {
  const step = shift ? BIG_KEY_STEP : KEY_STEP;
  switch (key) {
    case 'ArrowLeft':
      return clampSidebarWidth(width - step);
    case 'ArrowRight':
      return clampSidebarWidth(width + step);
    case 'Home':
      return SIDEBAR_MIN_WIDTH;
    case 'End':
      return SIDEBAR_MAX_WIDTH;
    default:
      return null;
  }
}
