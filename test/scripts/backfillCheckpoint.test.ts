import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { checkpointPath, CheckpointStore, type CheckpointHeader } from '../../scripts/backfill/CheckpointStore.ts';
import { UsageError } from '../../scripts/backfill/errors.ts';
import { skippedResult, type RowResult } from '../../scripts/backfill/rowResult.ts';
import { tempDir } from '../fixtures/backfill/csv.ts';

const header: CheckpointHeader = { format: 'trackgraph-backfill-checkpoint', version: 1, inputSha256: 'abc', minScore: 0.75, rows: 3 };
const notFound: RowResult = { status: 'NOT_FOUND', isrc: null, trackId: null, links: [], matchedBy: null, reason: null };

describe('checkpoint store', () => {
  it('lives next to the output', () => {
    expect(checkpointPath('/x/out.csv')).toBe('/x/out.csv.checkpoint.jsonl');
  });

  it('writes a header, then one JSON line per batch, and loads them back', async () => {
    const path = checkpointPath(`${await tempDir()}/out.csv`);
    const store = await CheckpointStore.open(path, header);
    await store.append({ creditsUsed: 2, rows: [[0, notFound], [2, notFound]] });
    await store.close();
    const lines = (await readFile(path, 'utf8')).trim().split('\n').map((line) => JSON.parse(line));
    expect(lines).toEqual([header, { batch: 1, creditsUsed: 2, rows: [[0, notFound], [2, notFound]] }]);

    const again = await CheckpointStore.open(path, header);
    expect([...again.finished.keys()]).toEqual([0, 2]);
    expect(again.batches).toBe(1);
    expect(again.creditsUsedBefore).toBe(2);
    await again.close();
  });

  it('drops a torn last line (a crash mid-write) and keeps appending after it', async () => {
    const path = checkpointPath(`${await tempDir()}/out.csv`);
    const store = await CheckpointStore.open(path, header);
    await store.append({ creditsUsed: 1, rows: [[0, notFound]] });
    await store.close();
    await appendFile(path, '{"batch":2,"creditsUsed":1,"rows":[[1,{"sta');
    const again = await CheckpointStore.open(path, header);
    expect([...again.finished.keys()]).toEqual([0]);
    await again.append({ creditsUsed: 1, rows: [[1, notFound]] });
    await again.close();
    expect((await readFile(path, 'utf8')).trim().split('\n').map((line) => JSON.parse(line).batch)).toEqual([undefined, 1, 2]);
  });

  it("refuses another input's checkpoint, or a damaged one", async () => {
    const path = checkpointPath(`${await tempDir()}/out.csv`);
    await (await CheckpointStore.open(path, header)).close();
    await expect(CheckpointStore.open(path, { ...header, inputSha256: 'def' })).rejects.toThrow(/belongs to another input/);
    await expect(CheckpointStore.open(path, { ...header, minScore: 0.5 })).rejects.toThrow(UsageError);
    await writeFile(path, `${JSON.stringify(header)}\nnot json\n{}\n`);
    await expect(CheckpointStore.open(path, header)).rejects.toThrow(/line 2 is not JSON/);
  });

  it('never records rows skipped for credits as finished', async () => {
    const store = await CheckpointStore.open(checkpointPath(`${await tempDir()}/out.csv`), header);
    await expect(store.append({ creditsUsed: 0, rows: [[0, skippedResult()]] })).rejects.toThrow(TypeError);
    await store.close();
  });
});
