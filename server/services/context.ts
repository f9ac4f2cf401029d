import type { EventHub } from '../events/hub.js';
import type { Store } from '../store/store.js';

export interface ServiceContext {
  store: Store;
  hub: EventHub;
  log: (message: string) => void;
}

/** Fields of `after` that differ from `before`, for `*-updated` events that carry only changes. */
export function changedFields<T extends object>(before: T, after: T): Partial<T> {
  const changes: Partial<T> = {};
  for (const key of Object.keys(after) as (keyof T)[]) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) changes[key] = after[key];
  }
  return changes;
}

/** Drop keys whose value is undefined, so a partial patch never erases a field. */
export function withoutUndefined<T extends object>(
  value: T,
): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as {
    [K in keyof T]: Exclude<T[K], undefined>;
  };
}
