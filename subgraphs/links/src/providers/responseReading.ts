import { ProviderError } from './ProviderError.ts';
import type { ProviderPlatform } from './types.ts';

/** An image as most platforms describe one. */
export interface SizedImage {
  /** Image URL. */
  url: string;
  /** Width in pixels, when given. */
  width?: number | null;
}

/** Throws a MALFORMED_RESPONSE ProviderError unless `check` holds for the parsed body. */
export function expectShape<T>(platform: ProviderPlatform, body: unknown, check: (body: T) => boolean, what: string): T {
  if (typeof body === 'object' && body !== null && check(body as T)) return body as T;
  throw new ProviderError(`unexpected response shape: expected ${what}`, { platform, code: 'MALFORMED_RESPONSE', status: 200 });
}

/** Milliseconds to whole seconds, or null when absent. */
export function secondsFromMs(ms: number | null | undefined): number | null {
  return typeof ms === 'number' && Number.isFinite(ms) ? Math.round(ms / 1000) : null;
}

/** The widest image's URL, or null when there is none. */
export function largestImageUrl(images: readonly SizedImage[] | null | undefined): string | null {
  if (!images || images.length === 0) return null;
  const widest = [...images].sort((a, b) => (b.width ?? 0) - (a.width ?? 0))[0];
  return widest?.url ?? null;
}

/** An ISO 8601 duration such as `PT4M12S` in whole seconds, or null when unreadable. */
export function secondsFromIsoDuration(duration: string | null | undefined): number | null {
  const match = /^P(?:(\d+)D)?T?(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?$/.exec(duration ?? '');
  if (!match || duration === 'P' || duration === 'PT') return null;
  const [, days, hours, minutes, seconds] = match;
  return Math.round(Number(days ?? 0) * 86_400 + Number(hours ?? 0) * 3600 + Number(minutes ?? 0) * 60 + Number(seconds ?? 0));
}

/** Upper-cased ISRC, or null when absent or blank. */
export function upperOrNull(value: string | null | undefined): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim().toUpperCase() : null;
}
