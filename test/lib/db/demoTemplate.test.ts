import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKeyStore } from '../../../gateway/src/auth/ApiKeyStore.ts';
import { openGatewayDatabase } from '../../../gateway/src/gatewayDatabase.ts';
import { ROOT } from '../../../lib/config.ts';
import { applyMigrations } from '../../../lib/db/migrate.ts';
import { openDatabase } from '../../../lib/db/openDatabase.ts';
import { demoTemplate, unpackTemplate } from '../../../lib/db/pgliteTemplate.ts';
import { writeDemoTemplate } from '../../../scripts/makeDemoTemplate.ts';

const root = mkdtempSync(join(tmpdir(), 'trackgraph-demo-template-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// Making the template migrates and seeds five databases: slow on a loaded machine.
beforeAll(async () => {
  await writeDemoTemplate();
}, 300_000);

describe('the demo template of a first embedded start', { timeout: 120_000 }, () => {
  it('is current after it is made: its migrations and seed sources are as recorded', () => {
    expect(demoTemplate()).toMatch(/pglite-.*-demo\.tar\.gz$/);
  });

  it('gives a new shared cluster every migration and the demo data, and still counts as the first start', async () => {
    const dataDir = join(root, 'demo');
    const links = await openDatabase('links', { dataDir, shared: true, demoTemplate: true, url: undefined }, {});
    const gateway = await openGatewayDatabase({ database: { dataDir, shared: true, url: undefined } }, {});
    try {
      expect(links.fromDemoTemplate).toBe(true);
      const report = await applyMigrations(links, join(ROOT, 'prisma', 'links', 'migrations'));
      expect(report).toMatchObject({ fresh: false, applied: [] });
      expect(report.skipped.length).toBeGreaterThan(0);
      expect(await links.sql.query('SELECT title FROM "Track" WHERE isrc = $1', ['GBDUW0000053'])).toEqual([{ title: 'One More Time' }]);
      // No key came with the template; the gateway makes this install's own.
      expect(await gateway.db.sql.query('SELECT count(*)::int AS n FROM "ApiKey"')).toEqual([{ n: 0 }]);
      const keys = new ApiKeyStore({ prisma: gateway.prisma, events: gateway.keyEvents, contracts: ['internal'], plans: ['internal'] });
      expect(await gateway.firstStartAdminKey(keys, {})).toMatch(/^sk_/);
    } finally {
      await gateway.close();
      await links.close();
    }
  });

  it('is not used unless asked for: the cluster starts empty and migrates itself', async () => {
    const dataDir = join(root, 'plain');
    const links = await openDatabase('links', { dataDir, shared: true, url: undefined }, {});
    try {
      expect(links.fromDemoTemplate).toBe(false);
      expect((await applyMigrations(links, join(ROOT, 'prisma', 'links', 'migrations'))).fresh).toBe(true);
    } finally {
      await links.close();
    }
  });

  it('unpacks with tar aside and renames, and leaves nothing behind when it cannot', () => {
    const target = join(root, 'unpacked', 'pgdata');
    expect(unpackTemplate(demoTemplate()!, target)).toBe(true);
    expect(existsSync(join(target, 'PG_VERSION'))).toBe(true);
    const missing = join(root, 'missing', 'pgdata');
    expect(unpackTemplate(join(root, 'no-such-template.tar.gz'), missing)).toBe(false);
    expect(existsSync(missing)).toBe(false);
    expect(readdirSync(join(root, 'missing'))).toEqual([]);
  });
});
