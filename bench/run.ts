/** `npm run bench [name] [-- flags]`: runs every benchmark in bench/ (or those `name` picks) one after another, printing their figures; flags go to each. */
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../lib/config.ts';

const [only, ...flags] = process.argv.slice(2);
const files = readdirSync(join(ROOT, 'bench')).filter((f) => f.endsWith('.ts') && f !== 'run.ts').sort();
// `library` runs bench/library.ts only; a prefix that names no file exactly runs every file it starts.
const exact = files.includes(`${only}.ts`);
for (const file of files) {
  if (only && (exact ? file !== `${only}.ts` : !file.startsWith(only))) continue;
  // In production mode, as the servers run (lib/productionMode.ts), unless NODE_ENV is set.
  execFileSync(join(ROOT, 'node_modules', '.bin', 'tsx'), [join('bench', file), ...flags], { cwd: ROOT, stdio: 'inherit', env: { NODE_ENV: 'production', ...process.env } });
}
