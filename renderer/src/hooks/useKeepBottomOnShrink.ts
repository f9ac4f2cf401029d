import { useEffect, type RefObject } from 'react';

/**
 * When the scroll area gets shorter (the queue, a plan card or an error appears under it) and it
 * was showing the end, keep showing the end: the streaming answer must not slide out of view
 * behind what appeared.
 */
export function useKeepBottomOnShrink(
  ref: RefObject<HTMLElement | null>,
  thresholdPx: number,
): void {
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    let lastHeight = element.clientHeight;
    const observer = new ResizeObserver(() => {
      const height = element.clientHeight;
      const shrunkBy = lastHeight - height;
      lastHeight = height;
      if (shrunkBy <= 0) return;
      const fromEndBefore = element.scrollHeight - element.scrollTop - (height + shrunkBy);
      if (fromEndBefore <= thresholdPx) element.scrollTop = element.scrollHeight;
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref, thresholdPx]);
}
