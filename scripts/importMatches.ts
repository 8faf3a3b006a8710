/**
 * `npm run import:matches -- <file> --track <trk_…|ISRC> [--account demo]`:
 * imports an ACRCloud identification result file (one JSON response, or JSON
 * Lines with one response per line, as ACRCloud's file scanning tools write
 * them) into the audio-matches database `npm start` uses (`DATA_DIR` or
 * `DATABASE_URL`, as the server; stop `npm start` first on the embedded
 * PGlite), as the analysis of that track by that account. One transaction per
 * file; importing the same file again updates, never duplicates. See
 * docs/import-matches.md.
 *
 * Exit codes: 0 imported (values left out are listed, as warnings); 1 the
 * file's responses were all ACRCloud errors (stored as a FAILED analysis), or
 * it was rolled back; 2 usage error or unreadable file, nothing written.
 */
import { statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { normalizeIsrc, isrcProblem } from '../lib/isrc/isrc.ts';
import { createSubgraph } from '../lib/subgraph/createSubgraph.ts';
import { describeProblem, importMatchFile, type ImportMatchesSummary } from '../subgraphs/audio-matches/src/acrcloud/importMatches.ts';
import { audioMatchesSubgraph } from '../subgraphs/audio-matches/src/module.ts';
import { parseTrackId, trackIdForIsrc } from '../subgraphs/links/src/trackId.ts';
import { UsageError } from './backfill/errors.ts';
import { accountOption } from './ingest/libraryEnrichment.ts';

const USAGE = `usage: npm run import:matches -- <file> --track <trk_…|ISRC> [--account <id>]

  <file>            an ACRCloud result: one JSON response, or JSON Lines (one response per line)
  --track <id>      the track the audio was taken from: its Trackgraph id (trk_…) or its ISRC
  --account <id>    the account that owns the analysis (default: demo)

Exit status: 0 imported, 1 every response an ACRCloud error or the file rolled back, 2 usage error.`;
/** Problems listed on the terminal (all are counted). */
const LISTED = 50;

function usage(message: string): never {
  console.error(`import:matches: ${message}\n\n${USAGE}`);
  process.exit(2);
}

/** `--track`: a track id, or an ISRC standing for the canonical id the links subgraph gives it. */
function trackOption(value: string | undefined): string {
  if (!value) throw new UsageError('--track is required');
  if (value.trim().startsWith('trk_')) return parseTrackId(value, '--track');
  const isrc = normalizeIsrc(value);
  const problem = isrcProblem(isrc);
  if (problem) throw new UsageError(`--track must be a track id (trk_ and 20 hex digits) or an ISRC; "${value}": ${problem}`);
  return trackIdForIsrc(isrc);
}

let file: string;
let trackId: string;
let accountId: string;
try {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { track: { type: 'string' }, account: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  if (positionals.length !== 1) throw new UsageError(positionals.length ? 'one file at a time' : 'no file given');
  file = positionals[0]!;
  if (!statSync(file, { throwIfNoEntry: false })?.isFile()) throw new UsageError(`"${file}" is not a file`);
  trackId = trackOption(values.track);
  accountId = accountOption(values.account);
} catch (error) {
  usage((error as Error).message);
}

function printSummary(s: ImportMatchesSummary): void {
  console.log(`import:matches: ${s.file}: ${s.responses} response${s.responses === 1 ? '' : 's'}, ${s.matches} matches → analysis ${s.analysisId} ${s.status}${s.error ? ` (${s.error})` : ''}`);
  console.log(`  matches inserted ${s.inserted}, updated ${s.updated}, unchanged ${s.unchanged}, removed ${s.removed}; problems ${s.problems.length}`);
  if (s.problems.length) {
    const lines = s.problems.slice(0, LISTED).map((p) => `  ${describeProblem(p)}`);
    console.log(`Problems (${s.problems.length}):\n${lines.join('\n')}${s.problems.length > LISTED ? `\n  … and ${s.problems.length - LISTED} more` : ''}`);
  }
}

const audioMatches = await createSubgraph(audioMatchesSubgraph, { seed: false });
let exitCode = 0;
try {
  console.error(`import:matches: importing ${file!} for track ${trackId!}, account ${accountId!}, into ${audioMatches.db.location}`);
  const summary = await importMatchFile(audioMatches.prisma, file!, { accountId: accountId!, trackId: trackId! });
  printSummary(summary);
  if (summary.status === 'FAILED') exitCode = 1;
} catch (error) {
  // Not JSON, or the database refused a value: the transaction rolled back, nothing is stored.
  const message = (error as Error).message;
  console.error(`import:matches: ${file!}: not imported, nothing written: ${message}`);
  exitCode = error instanceof SyntaxError ? 2 : 1;
} finally {
  await audioMatches.close();
}
process.exit(exitCode);
