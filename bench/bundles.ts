import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Metafile } from 'esbuild';
import { bundleFunction } from '../infra/bundling.ts';
import { functionEntries } from '../infra/function-entries.ts';
import { HTTP_FUNCTIONS } from '../shared/http/route-definition.ts';
import { percentile, round } from './stats.ts';

export interface Variant {
  /** Every module of the function: `index.mjs` and all its chunks. */
  bytes: number;
  /** What a cold start reads: `index.mjs` and the chunks it imports statically. */
  initBytes: number;
  initMsMedian: number;
  initMsP90: number;
}

export interface BundleFigure {
  name: string;
  /** As the stack deploys it: the AWS SDK bundled in. */
  deployed: Variant;
  /** For comparison: the AWS SDK left to the runtime. */
  sdkExternal: Variant;
  /** Route modules in the bundle, and whether they are exactly the function's own. */
  routeModules: string[];
  routesOwnOnly: boolean;
}

const OUT = join(process.cwd(), 'bench', '.out');
export const INIT_RUNS = 15;
/** The handler every function is measured against (issue "Lean functions"). */
const FLOOR_ENTRY = join(process.cwd(), 'bench', 'floor-handler.ts');

/** Module init in a fresh Node process: the import of the bundle, as Lambda's init phase does. */
function initTimes(file: string): number[] {
  const script = `const t = performance.now(); await import(${JSON.stringify(file)}); process.stdout.write(String(performance.now() - t));`;
  const env = { ...process.env, TABLE_NAME: 'bench', AWS_REGION: 'eu-central-1', POWERTOOLS_METRICS_DISABLED: 'true', POWERTOOLS_TRACE_ENABLED: 'false', POWERTOOLS_LOG_LEVEL: 'SILENT', AWS_SDK_JS_SUPPRESS_NODE_DEPRECATION_WARNING: '1' };
  return Array.from({ length: INIT_RUNS }, () => Number(execFileSync(process.execPath, ['--input-type=module', '-e', script], { env, stdio: ['ignore', 'pipe', 'ignore'] }).toString()));
}

/** `index.mjs` and what it imports statically, transitively: what Node reads before the handler runs. */
function initOutputs(metafile: Metafile): string[] {
  const index = Object.keys(metafile.outputs).find((o) => o.endsWith('/index.mjs'))!;
  const seen = new Set([index]);
  for (const output of seen) {
    for (const i of metafile.outputs[output]!.imports) if (i.kind === 'import-statement' && !i.external) seen.add(i.path);
  }
  return [...seen];
}

function measure(entry: string, outdir: string, external: string[]): { variant: Variant; metafile: Metafile } {
  rmSync(outdir, { recursive: true, force: true });
  const metafile = bundleFunction(entry, outdir, external);
  const modules = Object.entries(metafile.outputs).filter(([path]) => path.endsWith('.mjs'));
  const loaded = new Set(initOutputs(metafile));
  const times = initTimes(join(outdir, 'index.mjs'));
  return {
    metafile,
    variant: {
      bytes: modules.reduce((sum, [, o]) => sum + o.bytes, 0),
      initBytes: modules.filter(([path]) => loaded.has(path)).reduce((sum, [, o]) => sum + o.bytes, 0),
      initMsMedian: round(percentile(times, 50)),
      initMsP90: round(percentile(times, 90)),
    },
  };
}

/** The floor handler bundled as the functions are; measured before and after them, and averaged. */
export function measureFloor(): Variant {
  return measure(FLOOR_ENTRY, join(OUT, 'floor'), []).variant;
}

/** Bundles every function exactly as the stack does (and once with the SDK external), then measures. */
export function measureBundles(): BundleFigure[] {
  const figures: BundleFigure[] = [];
  for (const { name, entry } of functionEntries()) {
    const deployed = measure(entry, join(OUT, name), []);
    const routeModules = Object.keys(deployed.metafile.inputs)
      .map((p) => relative(process.cwd(), p))
      .filter((p) => p.startsWith('shared/http/routes'));
    const own = (HTTP_FUNCTIONS as readonly string[]).includes(name) ? [`shared/http/routes/${name}.ts`] : [];
    figures.push({
      name,
      deployed: deployed.variant,
      sdkExternal: measure(entry, join(OUT, `${name}.sdk-external`), ['@aws-sdk/*']).variant,
      routeModules,
      routesOwnOnly: routeModules.join() === own.join(),
    });
  }
  return figures;
}
