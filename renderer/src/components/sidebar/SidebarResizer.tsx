import { useRef, type KeyboardEvent, type PointerEvent } from 'react';
import { updateSidebar } from '../../actions/preferences.js';
import {
  clampSidebarWidth,
  DEFAULT_SIDEBAR,
  SIDEBAR_MAX_WIDTH,
  SIDEBAR_MIN_WIDTH,
  widthForKey,
} from '../../lib/sidebar.js';
import { toast } from '../common/Toast.js';

const save = (width: number) => void updateSidebar({ width }).catch(toast.error);

/**
 * The sidebar's right edge (a window splitter): drag it, or focus it and use the arrow keys,
 * Home and End; Enter hides the sidebar, a double click restores the default width. A drag is
 * shown through `onPreview` and saved once, when it ends.
 */
export function SidebarResizer({
  width,
  onPreview,
}: {
  width: number;
  onPreview: (width: number | null) => void;
}) {
  const drag = useRef<{ startX: number; startWidth: number } | null>(null);
  const widthAt = (event: PointerEvent, start: NonNullable<typeof drag.current>) =>
    clampSidebarWidth(start.startWidth + event.clientX - start.startX);

  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    if (event.button !== 0) return;
    event.preventDefault();
    event.currentTarget.setPointerCapture(event.pointerId);
    drag.current = { startX: event.clientX, startWidth: width };
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    if (drag.current) onPreview(widthAt(event, drag.current));
  };
  const onPointerUp = (event: PointerEvent<HTMLDivElement>) => {
    const start = drag.current;
    if (!start) return;
    drag.current = null;
    const next = widthAt(event, start);
    // Saved (and shown at once by the optimistic update) before the preview goes away.
    if (next !== start.startWidth) save(next);
    onPreview(null);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      void updateSidebar({ collapsed: true }).catch(toast.error);
      return;
    }
    const next = widthForKey(event.key, event.shiftKey, width);
    if (next === null) return;
    event.preventDefault();
    if (next !== width) save(next);
  };

  return (
    <div
      className="sidebar-resizer"
      role="separator"
      aria-orientation="vertical"
      aria-label="Resize sidebar"
      aria-controls="sidebar"
      aria-valuenow={width}
      aria-valuemin={SIDEBAR_MIN_WIDTH}
      aria-valuemax={SIDEBAR_MAX_WIDTH}
      tabIndex={0}
      title="Drag, or use ← and →, to resize; Enter hides the sidebar"
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={() => {
        drag.current = null;
        onPreview(null);
      }}
      onKeyDown={onKeyDown}
      onDoubleClick={() => save(DEFAULT_SIDEBAR.width)}
    />
  );
}
