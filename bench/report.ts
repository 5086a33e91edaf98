/**
 * Replaces the section under `heading` (up to the next `## ` heading) in an existing report, or
 * appends it, leaving the rest as it was: how a benchmark measured alone (bench/only.ts) rewrites
 * only its own part of docs/benchmarks.md.
 */
export function replaceSection(report: string, heading: string, section: string): string {
  const start = report.indexOf(heading);
  if (start < 0) return `${report.trimEnd()}\n\n${section}`;
  const next = report.indexOf('\n## ', start + heading.length);
  return `${report.slice(0, start)}${section}${next < 0 ? '' : report.slice(next)}`;
}
