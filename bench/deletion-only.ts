import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { startPlatform } from '../local/platform.ts';
import { deletionSection, withDeletionSection } from './deletion-report.ts';

/**
 * `npx tsx bench/deletion-only.ts`: only the tenant deletion benchmark (about a minute), its
 * section of docs/benchmarks.md rewritten in place; `npm run bench` measures it with the rest.
 */
const platform = await startPlatform({ operatorToken: `op_bench_${randomBytes(8).toString('hex')}`, blindIndexKey: randomBytes(32).toString('hex') });
let section: string;
try {
  // Imported now: the store's SDK client must see the platform's endpoints.
  const { measureDeletion } = await import('./deletion.ts');
  section = deletionSection(await measureDeletion());
} finally {
  await platform.stop();
}
const file = new URL('../docs/benchmarks.md', import.meta.url);
writeFileSync(file, withDeletionSection(readFileSync(file, 'utf8'), section));
console.log(section);
process.exit(0);
