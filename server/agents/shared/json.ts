// Narrowing helpers for the CLIs' JSON lines: every field is untrusted and may be missing or of
// another type in a newer CLI version, so parsers read through these instead of casting.

export type JsonObject = { [key: string]: unknown };

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One stdout line as a JSON object, or null for blank, non-JSON or non-object lines. */
export function parseJsonLine(line: string): JsonObject | null {
  const trimmed = line.trim();
  // The CLIs may print banners or warnings on stdout; only lines that look like objects are events.
  if (!trimmed.startsWith('{')) return null;
  try {
    const value: unknown = JSON.parse(trimmed);
    return isObject(value) ? value : null;
  } catch {
    return null;
  }
}

export function objectAt(value: unknown): JsonObject | undefined {
  return isObject(value) ? value : undefined;
}

export function stringAt(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function arrayAt(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function finiteNumberAt(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** A token count: a non-negative integer, 0 when absent or malformed. */
export function tokenCount(value: unknown): number {
  const count = finiteNumberAt(value);
  return count !== undefined && count > 0 ? Math.round(count) : 0;
}

/** Tool output as display text: strings as-is, anything structured as JSON. */
export function displayText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined || value === null) return '';
  return JSON.stringify(value, null, 2) ?? '';
}

/** Sums of float prices pick up noise (0.0251 + … = 0.025099999…); 10 decimals is exact enough. */
export function roundCost(usd: number): number {
  return Math.round(usd * 1e10) / 1e10;
}
