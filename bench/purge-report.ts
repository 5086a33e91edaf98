import type { PurgeFigure } from './purge.ts';

/** Where its section of docs/benchmarks.md begins. */
export const PURGE_HEADING = '## Retention purge';
const LAMBDA_LIMIT_S = 15 * 60;
const RESERVE_S = 60;

/** The section of docs/benchmarks.md for the purge figures. */
export function purgeSection(p: PurgeFigure): string {
  return `${PURGE_HEADING}

Measured on ${new Date().toISOString().slice(0, 10)} (\`npx tsx bench/only.ts purge\` measures only this part and rewrites only this section).
A tenant with ${p.subjects} subjects whose contract set ended in 2019 (past its 6 years), purged by the \`purge\`
job in one run: ${p.erased} subjects had only that set and were erased (tombstone, lookups and seat in one
transaction with the audit entry, the hold check and the run's checkpoint, then their versions deleted);
${p.partial} kept a second set and got a new version by \`system:purge\` in such a transaction, then the set was
redacted out of their stored versions. Every subject is walked from the list index and each change commits with its
checkpoint, so a killed run resumes without losing or double-counting anything (docs/retention.md).

| | |
|---|---:|
| subjects purged per second | ${p.subjectsPerSecond} |
| attribute sets removed per second | ${p.setsPerSecond} |
| history versions redacted | ${p.versionsRedacted} |
| DynamoDB requests (all kinds) | ${p.requests} (${p.requestsPerSubject} per subject) |
| the run | ${p.seconds} s |

At this rate one run of Lambda's longest timeout (${LAMBDA_LIMIT_S / 60} min, less the ${RESERVE_S} s in which no new
subject is taken) purges about ${Math.round((p.subjectsPerSecond * (LAMBDA_LIMIT_S - RESERVE_S)) / 1000) * 1000} such subjects; a tenant with more resumes at its checkpoint on the next
day's run. Subjects with nothing past retention cost a list read and one time-entry query each.
`;
}
