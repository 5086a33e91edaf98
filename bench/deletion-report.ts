import type { DeletionFigure } from './deletion.ts';

const RATIO_GOAL = 8;
/** Where its section of docs/benchmarks.md begins. */
export const DELETION_HEADING = '## Tenant deletion';
const LAMBDA_LIMIT_S = 15 * 60;
const RESERVE_S = 60;

/** The section of docs/benchmarks.md for the deletion figures. */
export function deletionSection(d: DeletionFigure): string {
  return `${DELETION_HEADING}

Measured on ${new Date().toISOString().slice(0, 10)} (\`npx tsx bench/only.ts deletion\` measures only this part and rewrites only this section).
A tenant in state \`deleting\` with ${d.items} items (${d.subjects} subjects, each: its record, 4 versions,
2 lookups and 93 time entries; seeded with BatchWrite at ${d.seedPerSecond} items/s), deleted by the
\`tenant-deletion\` job: index and partition queries, chunks of ${d.chunkItems} keys deleted in BatchWrites of
25, 8 in parallel, a checkpoint on the billing account after each chunk, then the confirmation
e-mail and the profile tombstone; against ${d.sequentialSample} sequential \`DeleteItem\` of known keys on the same
DynamoDB Local, after a warm-up.

| | items/s |
|---|---:|
| the job, a checkpoint per chunk | ${d.jobPerSecond} |
| for comparison: BatchWrite (25, 8 in parallel) of ${d.overheadItems} keys known in advance, no reads | ${d.knownKeysPerSecond} |
| sequential DeleteItem | ${d.sequentialPerSecond} |

Ratio: **${d.ratio}×** (goal ≥ ${RATIO_GOAL}×: ${d.ratio >= RATIO_GOAL ? 'yes' : '**no**'}; docs/decisions.md, 61). The job took ${d.jobSeconds} s for the tenant; at this rate one
run of Lambda's longest timeout (${LAMBDA_LIMIT_S / 60} min, less the ${RESERVE_S} s in which no new chunk is taken)
deletes about ${Math.round((d.jobPerSecond * (LAMBDA_LIMIT_S - RESERVE_S)) / 1000) * 1000} items.

Checkpoint overhead, from tenants of ${d.overheadItems} items deleted alternately by the job and by the same walk
and chunks without checkpoints (and without the job's cache flush, e-mail and tombstone), two of
each in the order job, walk, walk, job: ${d.checkpointedPerSecond} against ${d.uncheckpointedPerSecond} items/s, **${d.checkpointOverheadPercent} %** of the throughput.
`;
}
