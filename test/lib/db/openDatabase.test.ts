import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../lib/db/openDatabase.ts';

describe('openDatabase with inMemory', () => {
  // A second gateway asked for an in-memory key store landed on the environment's Postgres, found keys there and made no admin key.
  it('stays in memory when DATABASE_URL is set in the environment', async () => {
    const db = await openDatabase('gateway', { inMemory: true }, { DATABASE_URL: 'postgresql://nobody@127.0.0.1:1/none', GATEWAY_DATABASE_URL: 'postgresql://nobody@127.0.0.1:1/none' });
    try {
      expect(db.kind).toBe('pglite');
      expect(await db.sql.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    } finally {
      await db.close();
    }
  });

  it('refuses a url beside it', async () => {
    await expect(openDatabase('gateway', { inMemory: true, url: 'postgresql://postgres@127.0.0.1:5432/test' }, {})).rejects.toThrow(/either `inMemory` or `url`/);
  });
});
