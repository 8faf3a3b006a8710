/** Small readers for ACRCloud's loosely typed JSON: values that may be strings, numbers, single objects or lists. */

/** A JSON object, or null for anything else. */
export function asObject(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

/**
 * The values of a field that is one value in identification results and a
 * list in Broadcast Database results (`external_ids.isrc`, `external_metadata.spotify`).
 */
export function asList(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** A trimmed, non-empty string (numbers are written out: Deezer ids come as either), else null. */
export function asText(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return null;
  const text = value.trim();
  return text === '' ? null : text;
}

/** A number, from a number or a numeric string (Broadcast Database results send offsets as strings), else null. */
export function asNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) return Number(value);
  return null;
}

/** `{ name }` entries of a list, in order, without blanks. */
export function names(value: unknown): string[] {
  return asList(value).flatMap((entry) => {
    const name = asText(asObject(entry)?.name);
    return name ? [name] : [];
  });
}

/** Unique values in first-seen order. */
export function unique(values: string[]): string[] {
  return [...new Set(values)];
}

/** Whether `YYYY-MM-DD` names a real calendar date. */
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}
