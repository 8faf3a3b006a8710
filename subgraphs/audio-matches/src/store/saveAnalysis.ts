/**
 * The one write path of the audio-matches subgraph: the demo seed, `npm run
 * import:matches`, `Mutation.requestTrackAnalysis` and the synthetic data all
 * store analyses and matches here, so the rules (idempotent keys, codes never
 * stored invalid, child rows in order) hold for every writer.
 */
import type { AnalysisSource, AnalysisStatus } from '../../../../prisma/audio-matches/generated/enums.ts';
import type { Prisma } from '../../../../prisma/audio-matches/generated/client.ts';
import type { AudioMatchesPrisma } from '../db.ts';
import { insertChildren, insertMatches, updateMatches } from './matchWrites.ts';
import { CHILD_RELATIONS, matchChildren, matchColumns, matchKey, sameMatch, type MatchChildren, type MatchColumns } from './matchRows.ts';

/** One match of an identification result, codes already validated and normalized by the caller. */
export interface MatchInput {
  isCover: boolean;
  title: string;
  albumTitle?: string | null;
  isrc?: string | null;
  albumUpc?: string | null;
  iswc?: string | null;
  label?: string | null;
  /** `YYYY-MM-DD`; anything else is stored as null. */
  releaseDate?: string | null;
  youtubeId?: string | null;
  spotify?: { id: string; title?: string | null; albumId?: string | null; albumName?: string | null } | null;
  appleId?: string | null;
  deezer?: { id: string; title?: string | null; albumId?: string | null; albumName?: string | null } | null;
  /** 70–100 from ACRCloud; null when none. */
  confidenceScore?: number | null;
  /** ACRCloud's `acrid`; derived from the ISRC, else the title and artists, when absent. */
  externalKey?: string | null;
  artists: string[];
  distributors: string[];
  timeOffsets: { trackStartMs: number; trackEndMs: number; matchStartMs: number; matchEndMs: number }[];
  spotifyArtists: { id: string; name: string }[];
  deezerArtists: { id: string; name: string }[];
}

/** The analysis a result belongs to; (accountId, trackId, sourceFile) identifies it. */
export interface AnalysisInput {
  accountId: string;
  /** Canonical track id (`trk_…`). */
  trackId: string;
  source: AnalysisSource;
  /** The analysed file's name or audio URL; null for one analysis per account and track. */
  sourceFile: string | null;
  status: AnalysisStatus;
  error?: string | null;
  analyzedAt?: Date | null;
}

/** Options of {@link saveAnalysis}. */
export interface SaveAnalysisOptions {
  /** The time written as `createdAt`/`updatedAt` of what changes (the demo uses the document's). @default new Date() */
  now?: Date;
}

/** What {@link saveAnalysis} did. */
export interface SaveAnalysisResult {
  analysisId: number;
  inserted: number;
  updated: number;
  unchanged: number;
  removed: number;
}

type Tx = Prisma.TransactionClient;

// Rows per insert statement: arrays keep the parameters few, this bounds a statement's size.
const MATCH_CHUNK = 5_000;

const CHILD_ORDER = { orderBy: { position: 'asc' } } as const;

async function inChunks<T>(rows: T[], size: number, write: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += size) await write(rows.slice(i, i + size));
}

/** Upserts the analysis by its unique key; untouched when nothing about it changed. */
async function upsertAnalysis(tx: Tx, analysis: AnalysisInput, now: Date) {
  const { accountId, trackId, sourceFile } = analysis;
  const fields = { status: analysis.status, source: analysis.source, error: analysis.error ?? null, analyzedAt: analysis.analyzedAt ?? null };
  const found = await tx.trackAnalysis.findFirst({ where: { accountId, trackId, sourceFile } });
  if (!found) return { analysis: await tx.trackAnalysis.create({ data: { accountId, trackId, sourceFile, ...fields, createdAt: now, updatedAt: now } }), isNew: true };
  const same = found.status === fields.status && found.source === fields.source && found.error === fields.error && found.analyzedAt?.getTime() === fields.analyzedAt?.getTime();
  return { analysis: same ? found : await tx.trackAnalysis.update({ where: { id: found.id }, data: { ...fields, updatedAt: now } }), isNew: false };
}

async function deleteChildren(tx: Tx, matchIds: number[]): Promise<void> {
  if (matchIds.length === 0) return;
  const where = { matchId: { in: matchIds } };
  // One after another: a transaction is one connection, and pg refuses overlapping queries on one.
  await tx.matchArtist.deleteMany({ where });
  await tx.matchDistributor.deleteMany({ where });
  await tx.matchTimeOffset.deleteMany({ where });
  await tx.matchSpotifyArtist.deleteMany({ where });
  await tx.matchDeezerArtist.deleteMany({ where });
}

/**
 * Stores an analysis and its matches in one transaction: the analysis is
 * upserted by (account, track, source file), each match by (analysis,
 * isCover, key) with its child rows replaced when it changed, and matches of
 * the analysis the new result no longer has are removed. Unchanged matches are
 * not written (their `updatedAt` stays). Inputs with the same key: the first wins.
 */
export async function saveAnalysis(prisma: AudioMatchesPrisma, analysis: AnalysisInput, matches: MatchInput[], options: SaveAnalysisOptions = {}): Promise<SaveAnalysisResult> {
  const now = options.now ?? new Date();
  const wanted = new Map<string, { columns: MatchColumns; children: MatchChildren }>();
  for (const input of matches) {
    const key = `${input.isCover}|${matchKey(input)}`;
    if (!wanted.has(key)) wanted.set(key, { columns: matchColumns(input), children: matchChildren(input) });
  }
  // A large result (the synthetic set) needs longer than Prisma's 5 s default.
  return prisma.$transaction(async (tx) => {
    const { analysis: saved, isNew } = await upsertAnalysis(tx, analysis, now);
    const stored = isNew
      ? []
      : await tx.trackMatch.findMany({
          where: { analysisId: saved.id },
          include: Object.fromEntries(CHILD_RELATIONS.map((relation) => [relation, CHILD_ORDER])) as Record<(typeof CHILD_RELATIONS)[number], typeof CHILD_ORDER>,
        });
    const storedByKey = new Map(stored.map((match) => [`${match.isCover}|${match.externalKey}`, match]));
    const inserts: { key: string; columns: MatchColumns; children: MatchChildren }[] = [];
    const updates: { id: number; columns: MatchColumns; children: MatchChildren }[] = [];
    let unchanged = 0;
    for (const [key, { columns, children }] of wanted) {
      const match = storedByKey.get(key);
      if (!match) inserts.push({ key, columns, children });
      else if (sameMatch(match, columns, children)) unchanged++;
      else updates.push({ id: match.id, columns, children });
    }
    const removed = stored.filter((match) => !wanted.has(`${match.isCover}|${match.externalKey}`)).map((match) => match.id);
    if (removed.length > 0) await tx.trackMatch.deleteMany({ where: { id: { in: removed } } });

    const owner = { accountId: analysis.accountId, trackId: analysis.trackId, analysisId: saved.id };
    const created: { id: number; children: MatchChildren }[] = [];
    await inChunks(inserts, MATCH_CHUNK, async (chunk) => {
      const ids = await insertMatches(tx, owner, chunk.map(({ key, columns }) => ({ externalKey: key.slice(key.indexOf('|') + 1), columns })), now);
      // By key, not by position: RETURNING promises no order.
      for (const { key, children } of chunk) created.push({ id: ids.get(key)!, children });
    });
    await inChunks(updates, MATCH_CHUNK, (chunk) => updateMatches(tx, chunk, now));
    await deleteChildren(tx, updates.map((update) => update.id));
    await inChunks([...created, ...updates], MATCH_CHUNK, (chunk) => insertChildren(tx, chunk));
    return { analysisId: saved.id, inserted: inserts.length, updated: updates.length, unchanged, removed: removed.length };
  }, { timeout: Math.max(10_000, matches.length * 5), maxWait: 30_000 });
}

/** Moves an analysis to DONE or FAILED (or back to PENDING); `analyzedAt` is set when it ends. */
export async function setAnalysisStatus(prisma: AudioMatchesPrisma, analysisId: number, status: AnalysisStatus, error: string | null = null): Promise<void> {
  await prisma.trackAnalysis.update({
    where: { id: analysisId },
    data: { status, error: status === 'FAILED' ? error : null, ...(status === 'PENDING' ? {} : { analyzedAt: new Date() }) },
  });
}
