import type { BundleFigure, Variant } from './bundles.ts';
import { INIT_RUNS } from './bundles.ts';
import { round } from './stats.ts';

/** Where its section of docs/benchmarks.md begins. */
export const BUNDLES_HEADING = '## Function bundles';

const BUNDLE_GOAL_BYTES = 150 * 1024;
const INIT_GOAL_MS = 60;
/** Issue "Lean functions": every function's median init at most this many times the floor handler's. */
const FLOOR_GOAL = 1.5;

const ok = (pass: boolean) => (pass ? 'yes' : '**no**');
const kib = (bytes: number) => (bytes / 1024).toFixed(1);

/** The section of docs/benchmarks.md for the function bundles, beside the floor measured in the same run. */
export function bundlesSection(floorBefore: Variant, floorAfter: Variant, bundles: BundleFigure[]): string {
  const floorMs = round((floorBefore.initMsMedian + floorAfter.initMsMedian) / 2);
  return `${BUNDLES_HEADING}

Measured on ${new Date().toISOString().slice(0, 10)} (\`npx tsx bench/only.ts bundles\` measures only this part and rewrites only this section).
Each function bundled exactly as the stack bundles it (\`bundleFunction\` in infra/bundling.ts:
minified ESM split into \`index.mjs\` and chunks, the AWS SDK bundled in), then imported ${INIT_RUNS}
times, each in a fresh Node process; init is the time of that import. "Read at cold start" is
\`index.mjs\` and the chunks it imports statically; what loads on first use (an S3 client for an
erasure) is in the deployed size only. For comparison, the same function with the AWS SDK left
external (loaded from \`node_modules\`, as the Lambda runtime would load its own copy).

The floor is \`bench/floor-handler.ts\`: one GetItem with the DynamoDB document client and the
Powertools Logger, bundled the same way, measured in this run before and after the functions
(${floorBefore.initMsMedian} ms and ${floorAfter.initMsMedian} ms, mean ${floorMs} ms; ${kib(floorBefore.initBytes)} KiB read at cold start).
"Own routes only": the bundle holds its own route module (\`shared/http/routes/<function>.ts\`)
and no other, and never the whole table (jobs: none).

| function | deployed size (KiB) | read at cold start (KiB) | ≤ ${BUNDLE_GOAL_BYTES / 1024} KiB | init median (ms) | init p90 (ms) | median ≤ ${INIT_GOAL_MS} ms | × floor | ≤ ${FLOOR_GOAL}× floor | own routes only | SDK external: size (KiB) | init median (ms) |
|---|---:|---:|:-:|---:|---:|:-:|---:|:-:|:-:|---:|---:|
${bundles.map((b) => `| ${b.name} | ${kib(b.deployed.bytes)} | ${kib(b.deployed.initBytes)} | ${ok(b.deployed.initBytes <= BUNDLE_GOAL_BYTES)} | ${b.deployed.initMsMedian} | ${b.deployed.initMsP90} | ${ok(b.deployed.initMsMedian <= INIT_GOAL_MS)} | ${(b.deployed.initMsMedian / floorMs).toFixed(2)} | ${ok(b.deployed.initMsMedian <= FLOOR_GOAL * floorMs)} | ${ok(b.routesOwnOnly)} | ${kib(b.sdkExternal.bytes)} | ${b.sdkExternal.initMsMedian} |`).join('\n')}

${bundles.filter((b) => b.deployed.initMsMedian <= FLOOR_GOAL * floorMs).length} of ${bundles.length} functions start within ${FLOOR_GOAL}× the floor; ${bundles.filter((b) => b.routesOwnOnly).length} of ${bundles.length} carry only their own routes.
`;
}
