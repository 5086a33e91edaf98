import { newSecretKey } from '../local/data-dir.ts';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { startPlatform } from '../local/platform.ts';
import type { Platform } from '../local/platform.ts';
import { BREACH_NOTICES_HEADING, breachNoticesSection } from './breach-notices-report.ts';
import { BUNDLES_HEADING, bundlesSection } from './bundles-report.ts';
import { DELETION_HEADING, deletionSection } from './deletion-report.ts';
import { EXPORT_HEADING, exportSection } from './export-report.ts';
import { PURGE_HEADING, purgeSection } from './purge-report.ts';
import { replaceSection } from './report.ts';
import { TENANT_CREDENTIALS_HEADING, tenantCredentialsSection } from './tenant-credentials-report.ts';

/** One part of the benchmarks that can be measured alone. */
interface Part {
  /** What it measures and roughly how long it takes, for the usage text. */
  readonly description: string;
  /** Its arguments beyond the part's name, for the usage text. */
  readonly options?: string;
  /**
   * Why `args` are not this part's, or undefined when they are.
   *
   * @default - the part takes no arguments
   */
  readonly checkArgs?: (args: readonly string[]) => string | undefined;
  /** Where its section of docs/benchmarks.md begins. */
  readonly heading: string;
  /**
   * Measures on the running platform and writes the section. Each imports its measuring module
   * here, not at the top: the SDK clients it creates must see the platform's endpoints.
   */
  readonly measure: (platform: Platform, operatorToken: string, args: readonly string[]) => Promise<string>;
}

const PARTS: Record<string, Part> = {
  bundles: {
    description: 'every function bundled as the stack bundles it, its size and module init beside the floor handler (a few minutes)',
    heading: BUNDLES_HEADING,
    measure: async () => {
      const { measureBundles, measureFloor } = await import('./bundles.ts');
      const before = measureFloor();
      const bundles = measureBundles();
      return bundlesSection(before, measureFloor(), bundles);
    },
  },
  deletion: {
    description: 'the tenant deletion job (about a minute)',
    heading: DELETION_HEADING,
    measure: async () => deletionSection(await (await import('./deletion.ts')).measureDeletion()),
  },
  purge: {
    description: 'the retention purge job; given a number of subjects, only printed',
    options: '[subjects]',
    checkArgs: ([subjects, ...rest]) =>
      rest.length > 0 ? 'purge takes at most a number of subjects.'
      : subjects !== undefined && !/^[1-9]\d*$/.test(subjects) ? `The number of subjects must be a positive whole number, not "${subjects}".`
      : undefined,
    heading: PURGE_HEADING,
    measure: async (_platform, _token, [subjects]) => purgeSection(await (await import('./purge.ts')).measurePurge(subjects === undefined ? undefined : Number(subjects))),
  },
  'breach-notices': {
    description: 'the Art. 34 campaign and the tenant breach notices at the send rate (about a minute and a half)',
    heading: BREACH_NOTICES_HEADING,
    measure: async (platform, token) => breachNoticesSection(await (await import('./breach-notices.ts')).measureBreachNotices(platform, token)),
  },
  'tenant-credentials': {
    description: 'what the tenant data role adds to a first and to a cached table request (under a minute)',
    heading: TENANT_CREDENTIALS_HEADING,
    measure: async (platform) => tenantCredentialsSection(await (await import('./tenant-credentials.ts')).measureTenantCredentials(platform)),
  },
  export: {
    description: 'the full tenant export job',
    heading: EXPORT_HEADING,
    measure: async () => exportSection(await (await import('./export.ts')).measureExport()),
  },
};

const USAGE = `Usage: npx tsx bench/only.ts <part> [options]

Measures one part of the benchmarks on a local platform, prints its section and rewrites only
that section of docs/benchmarks.md (\`npm run bench\` measures every part). Parts:

${Object.entries(PARTS)
  .map(([name, part]) => `  ${`${name} ${part.options ?? ''}`.padEnd(26)}${part.description}`)
  .join('\n')}
`;

/** Why the arguments are not a run's, or undefined when they are. */
function invalid(name: string | undefined, args: readonly string[]): string | undefined {
  if (name === undefined) return 'Name a part.';
  const part = PARTS[name];
  if (part === undefined) return `No part is called "${name}".`;
  if (part.checkArgs === undefined) return args.length > 0 ? `${name} takes no arguments.` : undefined;
  return part.checkArgs(args);
}

const [name, ...args] = process.argv.slice(2);
if (name === '--help' || name === '-h') {
  console.log(USAGE);
  process.exit(0);
}
const problem = invalid(name, args);
if (problem !== undefined) {
  console.error(`${problem}\n\n${USAGE}`);
  process.exit(2);
}
const part = PARTS[name!]!;
const operatorToken = `op_bench_${randomBytes(8).toString('hex')}`;
const platform = await startPlatform({ operatorToken, secrets: { blindIndexKey: newSecretKey(), linkSigningKey: newSecretKey() } });
let section: string;
try {
  section = await part.measure(platform, operatorToken, args);
} finally {
  await platform.stop();
}
// docs/benchmarks.md holds the parts at their default sizes; a run at another size is only printed.
if (args.length === 0) {
  const file = new URL('../docs/benchmarks.md', import.meta.url);
  writeFileSync(file, replaceSection(readFileSync(file, 'utf8'), part.heading, section));
}
console.log(section);
process.exit(0);
