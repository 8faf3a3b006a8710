/**
 * `npm run seed:synthetic -- --tracks 10000`: a deterministic, clearly
 * synthetic catalog for benchmarks, written into all four subgraphs'
 * databases (the same ones `npm start` uses; stop the API first when it runs
 * on the embedded PGlite, which one process at a time may open).
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
import { buildSyntheticCatalog } from './syntheticCatalog.ts';
import { writeSyntheticCatalog } from './writeSyntheticCatalog.ts';

const { values } = parseArgs({ options: { tracks: { type: 'string', default: '10000' } } });
const count = Number(values.tracks);
if (!Number.isInteger(count) || count < 1 || count > 10_000_000) {
  console.error(`--tracks must be an integer from 1 to 10000000, got "${values.tracks}"`);
  process.exit(2);
}

const started = Date.now();
const catalog = buildSyntheticCatalog(count);
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
  }, (line) => console.log(line));
  console.log(`seed:synthetic: ${JSON.stringify(written)} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
} finally {
  await Promise.all(subgraphs.map((s) => s.close()));
}
