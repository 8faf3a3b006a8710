import { createHash } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

function digest(isrc: string, salt: string): Buffer {
  return createHash('sha256').update(`${salt}:${isrc}`).digest();
}

/** A deterministic base-62 id (Spotify-style) derived from the ISRC. */
export function base62Id(isrc: string, length = 22, salt = 'id'): string {
  const bytes = digest(isrc, salt);
  let id = '';
  for (let index = 0; index < length; index += 1) id += BASE62[(bytes[index % bytes.length] ?? 0) % 62];
  return id;
}

/** A deterministic numeric id (Deezer/TIDAL/Apple-style) derived from the ISRC. */
export function numericId(isrc: string, salt = 'id'): number {
  return 100_000_000 + (digest(isrc, salt).readUInt32BE(0) % 900_000_000);
}

/** A deterministic UUID (MusicBrainz-style) derived from the ISRC. */
export function uuid(isrc: string, salt = 'id'): string {
  const hex = digest(isrc, salt).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The title synthetic recordings carry. */
export function syntheticTitle(isrc: string): string {
  return `Synthetic Song ${isrc}`;
}

/** The one artist synthetic recordings credit. */
export function syntheticArtist(isrc: string): string {
  return `Synthetic Artist ${isrc.slice(0, 5)}`;
}

/** A deterministic duration between 2 and 6 minutes, in milliseconds. */
export function syntheticDurationMs(isrc: string): number {
  return 120_000 + (digest(isrc, 'duration').readUInt32BE(0) % 240_000);
}
