import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { startPlatform } from '../local/platform.ts';
import { exportSection, withExportSection } from './export-report.ts';

/**
 * `npx tsx bench/export-only.ts`: only the full tenant export benchmark, its section of
 * docs/benchmarks.md rewritten in place; `npm run bench` measures it with the rest.
 */
const platform = await startPlatform({ operatorToken: `op_bench_${randomBytes(8).toString('hex')}`, blindIndexKey: randomBytes(32).toString('hex') });
let section: string;
try {
  // Imported now: the SDK clients must see the platform's endpoints.
  const { measureExport } = await import('./export.ts');
  section = exportSection(await measureExport());
} finally {
  await platform.stop();
}
const file = new URL('../docs/benchmarks.md', import.meta.url);
writeFileSync(file, withExportSection(readFileSync(file, 'utf8'), section));
console.log(section);
process.exit(0);
