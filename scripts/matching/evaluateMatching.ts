/**
 * Runs the matching evaluation: loads the evaluation catalog into a real
 * links database (PGlite, or a throw-away schema on the Postgres of
 * DATABASE_URL) and asks every case through the real code paths: artist and
 * title cases as one `findBestMatches` batch per 100 (what `resolveTracks`
 * TRACK_NAME does), free-text cases through `searchTracks` (its best hit
 * counts when it reaches the threshold). Scores the answers per class.
 */
import { randomBytes } from 'node:crypto';
import { createSubgraph } from '../../lib/subgraph/createSubgraph.ts';
import { trackColumns } from '../../subgraphs/links/src/catalog/upsertTrack.ts';
import { trackIdForIsrc } from '../../subgraphs/links/src/trackId.ts';
import type { LinksPrisma } from '../../subgraphs/links/src/db.ts';
import { linksSubgraph } from '../../subgraphs/links/src/module.ts';
import { findBestMatches } from '../../subgraphs/links/src/search/findBestMatches.ts';
import { resolveThreshold, searchTracks } from '../../subgraphs/links/src/search/searchTracks.ts';
import { evalCases, evalCatalog, type EvalCase, type EvalRecording } from './evalCases.ts';

/** How the matcher did on one class of cases. */
export interface ClassFigures {
  name: string;
  cases: number;
  /** Cases with a recording to find (the others must get no answer). */
  positives: number;
  /** Cases answered with a recording. */
  answered: number;
  /** Answers that are the expected recording. */
  correct: number;
  /** Wrong answers that are another version of the asked song, or any answer to a version that is not in the catalog. */
  versionFalsePositives: number;
  /** Cases answered "ambiguous" (several recordings, none certain). */
  ambiguous: number;
}

/** One wrong or missing answer, for the detail listing. */
export interface Miss {
  case: EvalCase;
  got: string | null;
  score: number | null;
}

/** Precision and recall of a class, 1 when there is nothing to measure. */
export const precision = (c: ClassFigures) => (c.answered ? c.correct / c.answered : 1);
export const recall = (c: ClassFigures) => (c.positives ? c.correct / c.positives : 1);

interface Answer {
  key: string | null;
  score: number | null;
  ambiguous: boolean;
}

const BATCH = 100;

function evalIsrc(index: number): string {
  return `QZEVL26${String(index).padStart(5, '0')}`;
}

/**
 * Writes the catalog with the columns `upsertTrack` stores (search columns
 * included, from the same `trackColumns`), in a few multi-row statements:
 * row-by-row upserts made the evaluation minutes long.
 */
async function loadCatalog(prisma: LinksPrisma, catalog: EvalRecording[]): Promise<Map<string, string>> {
  const keyByIsrc = new Map<string, string>();
  const tracks = catalog.map((r, i) => {
    const isrc = r.isrc ?? evalIsrc(i);
    keyByIsrc.set(isrc, r.key);
    const input = {
      isrc,
      title: r.title,
      artists: r.artists.map((name) => ({ name })),
      durationSeconds: r.durationMs ? Math.round(r.durationMs / 1000) : null,
      releaseDate: r.released ? new Date(r.released) : null,
      popularity: r.popularity ?? null,
    };
    return { id: trackIdForIsrc(isrc), isrc, ...trackColumns(input) };
  });
  const names = [...new Set(catalog.flatMap((r) => r.artists))];
  await prisma.$transaction(async (tx) => {
    await tx.track.createMany({ data: tracks });
    await tx.artist.createMany({ data: names.map((name) => ({ name })), skipDuplicates: true });
    const artistIds = new Map((await tx.artist.findMany({ select: { id: true, name: true } })).map((a) => [a.name, a.id]));
    await tx.trackArtist.createMany({
      data: catalog.flatMap((r, i) => r.artists.map((name, position) => ({ trackId: tracks[i]!.id, artistId: artistIds.get(name)!, position }))),
    });
  });
  return keyByIsrc;
}

async function answer(prisma: LinksPrisma, cases: EvalCase[], keyByIsrc: Map<string, string>, threshold: number): Promise<Answer[]> {
  const answers: Answer[] = new Array(cases.length);
  const named = cases.flatMap((c, i) => (c.query ? [] : [i]));
  for (let start = 0; start < named.length; start += BATCH) {
    const batch = named.slice(start, start + BATCH);
    const hits = await findBestMatches(
      prisma,
      batch.map((i) => ({ artist: cases[i]!.artist ?? null, title: cases[i]!.title!, durationMs: cases[i]!.durationMs ?? null })),
    );
    hits.forEach((hit, j) => {
      const ambiguous = hit?.status === 'AMBIGUOUS';
      answers[batch[j]!] = { key: hit && !ambiguous ? keyByIsrc.get(hit.track.isrc)! : null, score: hit?.score ?? null, ambiguous };
    });
  }
  for (const [i, c] of cases.entries()) {
    if (!c.query) continue;
    const [best] = await searchTracks(prisma, { query: c.query, durationMs: c.durationMs ?? null, limit: 5 });
    const accepted = best && best.score >= threshold && !best.ambiguous;
    answers[i] = { key: accepted ? keyByIsrc.get(best.track.isrc)! : null, score: best?.score ?? null, ambiguous: Boolean(best?.ambiguous) };
  }
  return answers;
}

/** Runs the whole evaluation on a fresh database; `threshold` defaults to the configured one. */
export async function evaluateMatching(options: { threshold?: number } = {}): Promise<{ classes: ClassFigures[]; misses: Miss[]; threshold: number }> {
  const threshold = options.threshold ?? resolveThreshold();
  const url = process.env.DATABASE_URL;
  const links = await createSubgraph(linksSubgraph, {
    seed: false,
    ...(url ? { url, schema: `eval_matching_${randomBytes(4).toString('hex')}`, poolSize: 2 } : { inMemory: true, url: undefined }),
    env: { DISCOVERY_ENABLED: 'false' },
  });
  try {
    const catalog = evalCatalog();
    const songOf = new Map(catalog.map((r) => [r.key, r.song]));
    const keyByIsrc = await loadCatalog(links.prisma, catalog);
    const cases = evalCases(catalog);
    const answers = await answer(links.prisma, cases, keyByIsrc, threshold);
    const byClass = new Map<string, ClassFigures>();
    const misses: Miss[] = [];
    for (const [i, c] of cases.entries()) {
      const a = answers[i]!;
      const figures = byClass.get(c.class) ?? { name: c.class, cases: 0, positives: 0, answered: 0, correct: 0, versionFalsePositives: 0, ambiguous: 0 };
      byClass.set(c.class, figures);
      figures.cases++;
      if (c.expect) figures.positives++;
      if (a.ambiguous) figures.ambiguous++;
      if (a.key) figures.answered++;
      if (a.key && a.key === c.expect) figures.correct++;
      else if (a.key && ((c.expect && songOf.get(a.key) === songOf.get(c.expect)) || (!c.expect && c.class.startsWith('version')))) figures.versionFalsePositives++;
      if (a.key !== c.expect) misses.push({ case: c, got: a.key, score: a.score });
    }
    return { classes: [...byClass.values()].sort((a, b) => a.name.localeCompare(b.name)), misses, threshold };
  } finally {
    if (links.db.kind === 'postgres') await links.db.sql.exec(`DROP SCHEMA IF EXISTS "${links.db.schema}" CASCADE`);
    await links.close();
  }
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

/** The per-class table, with a total row. */
export function formatMatching(classes: ClassFigures[], threshold: number): string {
  const total = classes.reduce(
    (t, c) => ({ ...t, cases: t.cases + c.cases, positives: t.positives + c.positives, answered: t.answered + c.answered, correct: t.correct + c.correct, versionFalsePositives: t.versionFalsePositives + c.versionFalsePositives, ambiguous: t.ambiguous + c.ambiguous }),
    { name: 'all', cases: 0, positives: 0, answered: 0, correct: 0, versionFalsePositives: 0, ambiguous: 0 },
  );
  const header = ['class', 'cases', 'expect', 'answered', 'correct', 'precision', 'recall', 'version FP', 'ambiguous'];
  const lines = [...classes, total].map((c) => [
    c.name, String(c.cases), String(c.positives), String(c.answered), String(c.correct), pct(precision(c)), pct(recall(c)), String(c.versionFalsePositives), String(c.ambiguous),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const row = (cells: string[]) => cells.map((cell, i) => (i ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('  ');
  return [`threshold ${threshold}`, row(header), widths.map((w) => '-'.repeat(w)).join('  '), ...lines.map(row)].join('\n');
}
