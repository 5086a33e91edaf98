import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { startPlatform } from '../local/platform.ts';
import { breachNoticesSection, withBreachNoticesSection } from './breach-notices-report.ts';

/**
 * `npx tsx bench/breach-notices-only.ts`: only the breach notice benchmarks (about a minute and a
 * half), their section of docs/benchmarks.md rewritten in place; `npm run bench` measures them
 * with the rest.
 */
const token = `op_bench_${randomBytes(8).toString('hex')}`;
const platform = await startPlatform({ operatorToken: token, blindIndexKey: randomBytes(32).toString('hex') });
let section: string;
try {
  // Imported now: the store's SDK clients must see the platform's endpoints.
  const { measureBreachNotices } = await import('./breach-notices.ts');
  section = breachNoticesSection(await measureBreachNotices(platform, token));
} finally {
  await platform.stop();
}
const file = new URL('../docs/benchmarks.md', import.meta.url);
writeFileSync(file, withBreachNoticesSection(readFileSync(file, 'utf8'), section));
console.log(section);
process.exit(0);
