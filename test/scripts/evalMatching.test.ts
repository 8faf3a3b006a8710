import { describe, expect, it } from 'vitest';
import { evaluateMatching, formatMatching, precision, recall, type ClassFigures } from '../../scripts/matching/evaluateMatching.ts';
import { DEFAULT_RECALL, PRECISION_FLOOR, RECALL_FLOORS, VERSION_FALSE_POSITIVES } from '../../scripts/matching/floors.ts';

describe('npm run eval:matching', () => {
  it('keeps every class at or above its floors', async () => {
    const { classes, threshold } = await evaluateMatching();
    const table = formatMatching(classes, threshold);
    const below = (c: ClassFigures) =>
      precision(c) < PRECISION_FLOOR || recall(c) < (RECALL_FLOORS[c.name] ?? DEFAULT_RECALL) || c.versionFalsePositives > VERSION_FALSE_POSITIVES;
    expect(classes.filter(below).map((c) => c.name), table).toEqual([]);
    // The sets are what they claim: every version class and the typo classes by length are there.
    for (const name of ['version-absent', 'version-asked', 'version-plain', 'typo-title-4', 'typo-title-5-6', 'typo-title-7+', 'namesake', 'scripts', 'free-text']) {
      expect(classes.find((c) => c.name === name)?.cases, name).toBeGreaterThan(0);
    }
  }, 900_000);
});
