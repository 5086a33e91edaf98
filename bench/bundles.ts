import { execFileSync } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { BUNDLING } from '../infra/bundling.ts';
import { functionEntries } from '../infra/function-entries.ts';
import { percentile, round } from './stats.ts';

export interface Variant {
  bytes: number;
  initMsMedian: number;
  initMsP90: number;
}

export interface BundleFigure {
  name: string;
  /** As the stack deploys it: the AWS SDK bundled in. */
  deployed: Variant;
  /** For comparison: the AWS SDK left to the runtime. */
  sdkExternal: Variant;
}

const OUT = join(process.cwd(), 'bench', '.out');
export const INIT_RUNS = 15;

/** Module init in a fresh Node process: the import of the bundle, as Lambda's init phase does. */
function initTimes(file: string): number[] {
  const script = `const t = performance.now(); await import(${JSON.stringify(file)}); process.stdout.write(String(performance.now() - t));`;
  const env = { ...process.env, TABLE_NAME: 'bench', AWS_REGION: 'eu-central-1', POWERTOOLS_METRICS_DISABLED: 'true', POWERTOOLS_TRACE_ENABLED: 'false', POWERTOOLS_LOG_LEVEL: 'SILENT', AWS_SDK_JS_SUPPRESS_NODE_DEPRECATION_WARNING: '1' };
  return Array.from({ length: INIT_RUNS }, () => Number(execFileSync(process.execPath, ['--input-type=module', '-e', script], { env }).toString()));
}

async function measure(entry: string, outfile: string, external: string[]): Promise<Variant> {
  await build({ ...BUNDLING.esbuild, external, entryPoints: [entry], outfile, logLevel: 'silent' });
  const times = initTimes(outfile);
  return { bytes: statSync(outfile).size, initMsMedian: round(percentile(times, 50)), initMsP90: round(percentile(times, 90)) };
}

/** Bundles every function exactly as the stack does (and once with the SDK external), then measures. */
export async function measureBundles(): Promise<BundleFigure[]> {
  mkdirSync(OUT, { recursive: true });
  const figures: BundleFigure[] = [];
  for (const { name, entry } of functionEntries()) {
    figures.push({
      name,
      deployed: await measure(entry, join(OUT, `${name}.mjs`), BUNDLING.esbuild.external),
      sdkExternal: await measure(entry, join(OUT, `${name}.sdk-external.mjs`), ['@aws-sdk/*']),
    });
  }
  return figures;
}
