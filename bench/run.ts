import { cpus, totalmem, type } from 'node:os';
import { writeFileSync } from 'node:fs';
import { startPlatform } from '../local/platform.ts';
import { seedDemoTenant } from '../local/seed.ts';
import { measureBundles } from './bundles.ts';
import { measureLatency } from './latency.ts';

/** `npm run bench`: measures, prints, and rewrites docs/benchmarks.md. Not part of `npm test`. */
const BUNDLE_GOAL_BYTES = 150 * 1024;
const INIT_GOAL_MS = 60;
const RATIO_GOAL = 1.5;

const bundles = await measureBundles();
const token = 'bench-operator';
const platform = await startPlatform({ operatorToken: token });
let latency;
try {
  const demo = await seedDemoTenant(platform.api.url, token);
  latency = await measureLatency(platform, demo);
} finally {
  await platform.stop();
}

const ok = (pass: boolean) => (pass ? 'yes' : '**no**');
const machine = `${type()} ${process.arch}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
const report = `# Benchmarks

Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}; numbers from one run on: ${machine}.
Goals come from the issues; a "no" is a finding to act on, not a test failure.

## Function bundles

Each function bundled exactly as the stack bundles it (minified ESM, AWS SDK external), then
imported ${15} times in a fresh Node process; init is the time of that import.

| function | size (KiB) | ≤ 150 KiB | init median (ms) | init p90 (ms) | median ≤ ${INIT_GOAL_MS} ms |
|---|---:|:-:|---:|---:|:-:|
${bundles.map((b) => `| ${b.name} | ${(b.bytes / 1024).toFixed(1)} | ${ok(b.bytes <= BUNDLE_GOAL_BYTES)} | ${b.initMsMedian} | ${b.initMsP90} | ${ok(b.initMsMedian <= INIT_GOAL_MS)} |`).join('\n')}

## Authenticated GET against raw GetItem

${latency.requests} sequential \`GET /v1/tenant\` with an API key through the local API server
(HTTP, REQUEST authorizer with API Gateway's cache semantics, handler, one GetItem), against
${latency.requests} raw \`GetItem\` of the same item on the same DynamoDB Local, after a warm-up.
The authorizer ran ${latency.authorizerInvocations} time(s) during the measured requests.

| | p50 (ms) | p99 (ms) |
|---|---:|---:|
| GET /v1/tenant through the API | ${latency.apiP50} | ${latency.apiP99} |
| raw GetItem | ${latency.rawP50} | ${latency.rawP99} |

p50 ratio: **${latency.ratioP50}×** (goal ≤ ${RATIO_GOAL}×: ${ok(latency.ratioP50 <= RATIO_GOAL)}).
`;
writeFileSync(new URL('../docs/benchmarks.md', import.meta.url), report);
console.log(report);
process.exit(0);
