/**
 * `npm run seed:synthetic -- --tracks 10000 [--matches 100000] [--analytics [--days 365]]`: a
 * deterministic, clearly synthetic catalog for benchmarks, written into all
 * four subgraphs' databases (the same ones `npm start` uses; stop the API
 * first when it runs on the embedded PGlite, which one process at a time may
 * open). With `--analytics`, also a synthetic analytics history for the same
 * recordings (see syntheticAnalytics.ts): daily Spotify totals and the
 * SPOTIFY GLOBAL STREAMS (top 200) and VIRAL (50) daily charts.
 *
 * A new database also gets the demo data, as on a first `npm start`.
 *
 * Synthetic recordings use ISRCs ZZSYN<yy><nnnnn> (ZZ is the IRA's worldwide
 * prefix, SYN a registrant no label has), titles "Synthetic Track #n" and the
 * genre "synthetic". Running it twice gives the same data.
 */
import { parseArgs } from 'node:util';
import { createSubgraph } from '../lib/subgraph/createSubgraph.ts';
import { SUBGRAPH_MODULES } from '../subgraphs/modules.ts';
import type { AnalyticsPrisma } from '../subgraphs/analytics/src/db.ts';
import { buildSyntheticHistory, HISTORY_DAYS } from './syntheticAnalytics.ts';
import { buildSyntheticCatalog, SYNTHETIC_LAST_DAY } from './syntheticCatalog.ts';
import { writeSyntheticCatalog } from './writeSyntheticCatalog.ts';
import { writeSyntheticHistory, type HistoryProgress } from './writeSyntheticAnalytics.ts';

const HELP = `usage: npm run seed:synthetic -- [--tracks N] [--matches M] [--analytics] [--days D]

Writes SYNTHETIC data, for benchmarks and load tests, into the databases npm start uses
(DATABASE_URL or the embedded PGlite under DATA_DIR; stop the API first on PGlite).
Every recording is marked: ISRC ZZSYN<yy><nnnnn> (ZZ = worldwide prefix, SYN = a registrant
no label has), title "Synthetic Track #n", artist "Synthetic Artist n", genre "synthetic".
Deterministic and idempotent: running it again changes nothing.

  --tracks N    synthetic recordings, 1 to 10000000 (default 10000)
  --analytics   also a synthetic analytics history for them, ending ${SYNTHETIC_LAST_DAY}:
                daily cumulative Spotify totals (rising, some days repeated, a few missing)
                and the SPOTIFY GLOBAL STREAMS DAILY (200) and VIRAL DAILY (50) charts
                ranked from those streams (editions holding real entries are left alone)
  --days D      days of that history, 1 to ${HISTORY_DAYS} (default ${HISTORY_DAYS})
  --matches M   synthetic audio matches for the demo account, found for every fifth recording
                and matching other synthetic recordings (some unknown ISRCs), written through
                the subgraph's saveAnalysis (default: 3 per fifth recording)
  --help        this text`;

function usage(message: string): never {
  console.error(`seed:synthetic: ${message}\n\n${HELP}`);
  process.exit(2);
}

let values: { tracks: string; days: string; matches?: string; analytics?: boolean; help?: boolean };
try {
  ({ values } = parseArgs({ options: { tracks: { type: 'string', default: '10000' }, days: { type: 'string', default: String(HISTORY_DAYS) }, matches: { type: 'string' }, analytics: { type: 'boolean' }, help: { type: 'boolean' } } }));
} catch (error) {
  usage((error as Error).message);
}
if (values.help) {
  console.log(HELP);
  process.exit(0);
}
const count = Number(values.tracks);
if (!Number.isInteger(count) || count < 1 || count > 10_000_000) usage(`--tracks must be an integer from 1 to 10000000, got "${values.tracks}"`);
const days = Number(values.days);
if (!Number.isInteger(days) || days < 1 || days > HISTORY_DAYS) usage(`--days must be an integer from 1 to ${HISTORY_DAYS}, got "${values.days}"`);
const matches = values.matches === undefined ? undefined : Number(values.matches);
if (matches !== undefined && (!Number.isInteger(matches) || matches < 0 || matches > 10_000_000)) usage(`--matches must be an integer from 0 to 10000000, got "${values.matches}"`);

/** One progress line: rewritten in place on a terminal, else printed every few seconds. */
function progressLine(started: number): (progress: HistoryProgress) => void {
  let printed = 0;
  return ({ phase, done, total }) => {
    const line = `seed:synthetic: synthetic analytics ${phase} ${done.toLocaleString('en')}/${total.toLocaleString('en')} (${Math.floor((done / total) * 100)} %), ${((Date.now() - started) / 1000).toFixed(1)} s`;
    if (process.stdout.isTTY) process.stdout.write(`\r${line}${done === total ? '\n' : ''}`);
    else if (done === total || Date.now() - printed > 5_000) {
      printed = Date.now();
      console.log(line);
    }
  };
}

const started = Date.now();
const catalog = buildSyntheticCatalog(count);
console.log(`seed:synthetic: writing ${count} SYNTHETIC recordings (ISRCs ${catalog[0]!.isrc}…${catalog.at(-1)!.isrc})${values.analytics ? ` and ${days} days of synthetic analytics` : ''}`);
const subgraphs = await Promise.all(
  (['links', 'analytics', 'library', 'audio-matches'] as const).map((name) => createSubgraph(SUBGRAPH_MODULES[name])),
);
try {
  const [links, analytics, library, audioMatches] = subgraphs;
  const written = await writeSyntheticCatalog(catalog, {
    links: links!.prisma as never,
    analytics: analytics!.prisma as never,
    library: library!.prisma as never,
    audioMatches: audioMatches!.prisma as never,
  }, (line) => console.log(line), undefined, matches);
  console.log(`seed:synthetic: ${JSON.stringify(written)} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (values.analytics) {
    const history = buildSyntheticHistory(catalog, days);
    const wrote = await writeSyntheticHistory({ prisma: analytics!.prisma as AnalyticsPrisma, sql: analytics!.db.sql }, history, progressLine(Date.now()));
    console.log(`seed:synthetic: synthetic analytics ${history.dates[0]} … ${history.dates.at(-1)}: ${JSON.stringify(wrote)} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
} finally {
  await Promise.all(subgraphs.map((s) => s.close()));
}
