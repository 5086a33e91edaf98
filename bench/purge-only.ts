import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { startPlatform } from '../local/platform.ts';
import { purgeSection, withPurgeSection } from './purge-report.ts';

/**
 * `npx tsx bench/purge-only.ts [subjects]`: only the purge benchmark, its section of
 * docs/benchmarks.md rewritten in place (with the default size); `npm run bench` measures it with the rest.
 */
const subjects = process.argv[2] === undefined ? undefined : Number(process.argv[2]);
const platform = await startPlatform({ operatorToken: `op_bench_${randomBytes(8).toString('hex')}`, blindIndexKey: randomBytes(32).toString('hex') });
let section: string;
try {
  // Imported now: the store's SDK client must see the platform's endpoints.
  const { measurePurge } = await import('./purge.ts');
  section = purgeSection(await measurePurge(subjects));
} finally {
  await platform.stop();
}
if (subjects === undefined) {
  const file = new URL('../docs/benchmarks.md', import.meta.url);
  writeFileSync(file, withPurgeSection(readFileSync(file, 'utf8'), section));
}
console.log(section);
process.exit(0);
