import type { Dirent } from 'node:fs';
import { lstat, readdir, realpath } from 'node:fs/promises';
import { extname } from 'node:path';
import { AUDIO_EXTENSIONS } from './readTags.ts';

/** An audio file found by {@link scanFolder}. */
export interface ScannedFile {
  /** The path as the file system knows it (bytes, so names that are not UTF-8 open as they are). */
  fsPath: Buffer;
  /** The absolute path as reports and the database show it (see {@link showPath}). */
  path: string;
  size: number;
  /** Modification time, whole milliseconds. */
  mtimeMs: number;
}

/** Something in the folder that was not scanned, and why. */
export interface ScanProblem {
  path: string;
  reason: string;
}

/** What {@link scanFolder} found. */
export interface FolderScan {
  /** The folder's real absolute path (symbolic links resolved). */
  root: string;
  /** Audio files, in path order. */
  files: ScannedFile[];
  /** Symbolic links not followed, folders that could not be read. */
  problems: ScanProblem[];
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A file name's bytes as text: UTF-8 when they are; otherwise each byte
 * outside ASCII is written `\xNN`, so the name stays unique, printable and
 * storable (Postgres text cannot hold invalid UTF-8).
 */
export function showPath(bytes: Buffer): string {
  try {
    return UTF8.decode(bytes);
  } catch {
    return [...bytes].map((b) => (b < 0x80 ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`)).join('');
  }
}

/**
 * Lists the audio files under `root` (by extension, see AUDIO_EXTENSIONS),
 * depth first in name order. Symbolic links are never followed: a link can
 * point outside the folder (path traversal) or back into it (a loop, or the
 * same files twice), so each is reported and skipped. Hidden entries (a name
 * starting with `.`, like macOS's `._x.mp3` resource forks) are skipped.
 * Folders that cannot be read are reported; the scan goes on.
 * @throws when `root` itself is not a readable folder
 */
export async function scanFolder(root: string): Promise<FolderScan> {
  const real = await realpath(root);
  if (!(await lstat(real)).isDirectory()) throw new Error(`"${root}" is not a folder`);
  const files: ScannedFile[] = [];
  const problems: ScanProblem[] = [];
  const stack: Buffer[] = [Buffer.from(real)];
  while (stack.length) {
    const dir = stack.pop()!;
    let entries: Dirent<Buffer>[];
    try {
      entries = await readdir(dir, { withFileTypes: true, encoding: 'buffer' });
    } catch (error) {
      problems.push({ path: showPath(dir), reason: `folder not readable (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` });
      continue;
    }
    entries.sort((a, b) => Buffer.compare(b.name, a.name));
    for (const entry of entries) {
      if (entry.name[0] === 0x2e) continue;
      const fsPath = Buffer.concat([dir, Buffer.from('/'), entry.name]);
      if (entry.isSymbolicLink()) problems.push({ path: showPath(fsPath), reason: 'symbolic link, not followed' });
      else if (entry.isDirectory()) stack.push(fsPath);
      else if (entry.isFile() && AUDIO_EXTENSIONS.has(extname(showPath(entry.name)).toLowerCase())) {
        try {
          const stat = await lstat(fsPath);
          files.push({ fsPath, path: showPath(fsPath), size: stat.size, mtimeMs: Math.floor(stat.mtimeMs) });
        } catch (error) {
          problems.push({ path: showPath(fsPath), reason: `not readable (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` });
        }
      }
    }
  }
  files.sort((a, b) => Buffer.compare(a.fsPath, b.fsPath));
  return { root: real, files, problems };
}
