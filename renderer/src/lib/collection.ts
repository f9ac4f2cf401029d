/** Small immutable helpers for "entities by id + ordered id list" state. */

export type ById<T> = Readonly<Record<string, T>>;

export function indexById<T extends { id: string }>(items: readonly T[]): Record<string, T> {
  const byId: Record<string, T> = {};
  for (const item of items) byId[item.id] = item;
  return byId;
}

export function withItem<T>(byId: ById<T>, id: string, item: T): Record<string, T> {
  return { ...byId, [id]: item };
}

export function withoutKeys<T>(byId: ById<T>, ids: Iterable<string>): Record<string, T> {
  const next = { ...byId };
  for (const id of ids) delete next[id];
  return next;
}

export function appendUnique(list: readonly string[], id: string): string[] {
  return list.includes(id) ? [...list] : [...list, id];
}

export function without(list: readonly string[], ids: Iterable<string>): string[] {
  const drop = new Set(ids);
  return list.filter((id) => !drop.has(id));
}

/** Move `id` to sit at `index` in `list` (clamped); other items keep their relative order. */
export function moveTo(list: readonly string[], id: string, index: number): string[] {
  const rest = list.filter((item) => item !== id);
  const at = Math.max(0, Math.min(index, rest.length));
  return [...rest.slice(0, at), id, ...rest.slice(at)];
}

export type Defined<T> = { [K in keyof T]?: Exclude<T[K], undefined> };

/** Copy without properties whose value is `undefined` (for `exactOptionalPropertyTypes` merges). */
export function defined<T extends object>(value: T): Defined<T> {
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (item !== undefined) out[key] = item;
  }
  return out as Defined<T>;
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
