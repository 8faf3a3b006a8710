import { parseFromTokenizer, type IAudioMetadata } from 'music-metadata';
import { fromFile } from 'strtok3';
import { cleanInt, cleanIsrc, cleanList, cleanMbid, cleanText, completeItem, type LibraryItem } from './libraryItem.ts';

/** File name extensions the folder scan reads (lower case, with the dot). */
export const AUDIO_EXTENSIONS = new Set(['.mp3', '.flac', '.m4a', '.mp4', '.aac', '.alac', '.ogg', '.oga', '.opus', '.wav', '.aif', '.aiff', '.wma', '.ape', '.wv', '.mpc', '.dsf', '.dff']);

/**
 * Splits one artist string when the format carries several in one value
 * (MP4's `©ART`, many taggers' "A; B"). Only `;` separates: "AC/DC" and
 * "Simon & Garfunkel" are one artist each.
 */
function splitArtists(values: readonly string[] | undefined): string[] {
  return cleanList((values ?? []).flatMap((value) => value.split(/\s*;\s*/)));
}

/** A music-metadata result as a {@link LibraryItem}; `shownPath` names the file. */
export function itemFromMetadata(metadata: IAudioMetadata, shownPath: string): LibraryItem {
  const { common, format } = metadata;
  const fileName = shownPath.split('/').pop()!.replace(/\.[^.]+$/, '');
  const artists = splitArtists(common.artists ?? (common.artist ? [common.artist] : []));
  return completeItem({
    // An untagged file is still a track: it takes its file name.
    title: cleanText(common.title) ?? cleanText(fileName) ?? 'Untitled',
    artists,
    album: cleanText(common.album),
    albumArtist: cleanText(common.albumartist),
    trackNumber: cleanInt(common.track?.no, 0, 9999),
    discNumber: cleanInt(common.disk?.no, 0, 999),
    year: cleanInt(common.year, 1000, 2999),
    genres: cleanList((common.genre ?? []).flatMap((genre) => genre.split(/\s*;\s*/))),
    durationMs: format.duration !== undefined && Number.isFinite(format.duration) && format.duration > 0 ? cleanInt(format.duration * 1000, 1, 2_000_000_000) : null,
    bitrate: format.bitrate !== undefined && format.bitrate >= 1000 ? cleanInt(format.bitrate / 1000, 1, 100_000) : null,
    isrc: cleanIsrc(common.isrc),
    musicbrainz: {
      recordingId: cleanMbid(common.musicbrainz_recordingid),
      albumId: cleanMbid(common.musicbrainz_albumid),
      artistId: cleanMbid(common.musicbrainz_artistid),
      albumArtistId: cleanMbid(common.musicbrainz_albumartistid),
    },
    format: cleanText(format.container)?.split('/')[0] ?? null,
    filePath: shownPath,
    serverSource: 'file',
  });
}

/**
 * Reads one audio file's tags with music-metadata. `path` may be a Buffer, so
 * file names that are not UTF-8 open as they are; `shownPath` is what reports
 * and the database call it. Durations come from the headers (Xing/VBRI,
 * STREAMINFO, mvhd), not from decoding the whole file; covers are skipped.
 * @throws the reader's error, or "no audio stream found", for a file that is not audio it can parse
 */
export async function readTags(path: string | Buffer, shownPath: string): Promise<LibraryItem> {
  // strtok3 opens with fs.promises.open, which takes a Buffer path as it is.
  const tokenizer = await fromFile(path as string);
  try {
    // The parser is chosen by the extension of fileInfo.path, which must be a string.
    tokenizer.fileInfo.path = shownPath;
    const metadata = await parseFromTokenizer(tokenizer, { skipCovers: true, duration: false });
    // The reader is lenient: a damaged or foreign file parses to nothing rather than failing.
    if (!metadata.format.container && !metadata.format.codec) throw new Error('no audio stream found: not an audio file, or damaged');
    return itemFromMetadata(metadata, shownPath);
  } finally {
    await tokenizer.close();
  }
}
