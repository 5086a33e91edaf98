import type { ExportFigure } from './export.ts';

/** Where its section of docs/benchmarks.md begins. */
export const EXPORT_HEADING = '## Full tenant export';

/** The section of docs/benchmarks.md for the export figures. */
export function exportSection(figures: ExportFigure[]): string {
  const e = figures.at(-1)!;
  return `${EXPORT_HEADING}

Measured on ${new Date().toISOString().slice(0, 10)} (\`npx tsx bench/only.ts export\` measures only this part and rewrites only this section).
A tenant with ${e.records.toLocaleString('en')} records (${e.subjects} subjects, each: its record, 4 versions, 90 time entries and
5 audit entries; and the profile), exported by one run of the \`exports\` job on DynamoDB Local and the local
S3 server (s3rver): partition queries, 8 partitions or subjects at a time, each line through its entity's deflate stream into a
temporary file, then one ZIP streamed into a multipart upload (8 MiB parts, 2 in flight). Memory is the whole
benchmark process's (the local platform's API server runs in it too, and the seed's items were built in it just
before), sampled every 20 ms; a tenant a tenth of the size first, for comparison.

| records | time (s) | records/s | DynamoDB requests | NDJSON (MiB) | ZIP (MiB) | files | RSS before → peak (MiB) | heap before → peak (MiB) |
|---:|---:|---:|---:|---:|---:|---:|---:|---:|
${figures.map((f) => `| ${f.records} | ${f.seconds} | ${f.recordsPerSecond} | ${f.requests} | ${(f.ndjsonBytes / 2 ** 20).toFixed(1)} | ${(f.zipBytes / 2 ** 20).toFixed(1)} | ${f.files} | ${f.rssBeforeMiB} → ${f.rssPeakMiB} | ${f.heapBeforeMiB} → ${f.heapPeakMiB} |`).join('\n')}

Requests: one query per page (1 MB) of each partition — the tenant's own, each subject's two, the audit months,
the notice log, billing and metering — plus one strongly consistent read of each subject's record before its
partitions (of an erased subject only the tombstone is exported, DSR-6), the index pages that list the subjects,
the job's work-list query, its claim and its finish. Nothing is held per record: the heap's growth during the run
is set by the entity files' compressors and batches and the upload's parts in flight, not by the tenant — compare
the two rows.
`;
}
