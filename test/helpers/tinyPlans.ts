import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../../lib/config.ts';

/** The real plans and a `tiny` one (5 requests a minute), in a file gateway processes read (PLANS_FILE). */
export function tinyPlans(): string {
  const plans = JSON.parse(readFileSync(join(ROOT, 'gateway', 'plans.json'), 'utf8'));
  plans.tiny = { ...plans.standard, description: 'test', requestsPerMinute: 5 };
  const path = join(mkdtempSync(join(tmpdir(), 'plans-')), 'plans.json');
  writeFileSync(path, JSON.stringify(plans));
  return path;
}
