import { escapeHtml } from '../../notices/layout.ts';
import { incidents } from '../../store/incidents.ts';
import { incidentDetail } from './register.ts';

/** obligation: BRE-6 — the register as evidence: every incident with its phases, clocks and filings. */
export async function registerExport() {
  const items = [];
  for await (const incident of incidents.each()) items.push(await incidentDetail(incident.id));
  return { exportedAt: new Date().toISOString(), items };
}

const row = (cells: string[]) => `<tr>${cells.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`;

/** obligation: BRE-6 — the same register as a readable, printable page. */
export function registerHtml(register: Awaited<ReturnType<typeof registerExport>>): string {
  const sections = register.items.map(
    (i) => `<section><h2>${escapeHtml(i.title)}</h2>
<table><tbody>
${row(['Incident', i.id])}
${row(['Types', i.types.join(', ')])}
${row(['Detected / aware', `${i.detectedAt} / ${i.awareAt}${i.awarenessGapReason ? ` — ${i.awarenessGapReason}` : ''}`])}
${row(['Affected tenants', String(i.affectedTenantIds.length)])}
${row(['Data subjects', `${i.dataSubjects.estimate ? '~' : ''}${i.dataSubjects.approximately} (${i.subjectCategories.join(', ')})`])}
${row(['Records', `${i.records.estimate ? '~' : ''}${i.records.approximately} (${i.dataCategories.join(', ')})`])}
${row(['Nature', i.nature])}
${row(['Likely consequences', i.likelyConsequences])}
${row(['Measures', i.measures])}
${row(['Root cause', i.rootCause ?? '—'])}
${row(['Remediation', i.remediation ?? '—'])}
${row(['Decision', `${i.notification.decision}${i.notification.reason ? `: ${i.notification.reason}` : ''} (${i.notification.decidedAt}, ${i.notification.decidedBy})`])}
${i.clocks.map((c) => row([`Clock (${c.controller})`, `deadline ${c.deadline}; first filed ${c.firstFiledAt ?? '—'}${c.late === undefined ? '' : c.late ? ' (late)' : ' (in time)'}`])).join('\n')}
${i.notified.map((n) => row([`Notified (phase ${n.phase})`, `tenant ${n.tenantId}, ${n.channel} to ${n.role}, ${n.sentAt ?? '—'}${n.messageId ? `, message ${n.messageId}` : ''}`])).join('\n')}
${i.filings.map((f) => row([`Filing (${f.controller})`, `${f.at} ${f.channel}${f.reference ? ` ${f.reference}` : ''}${f.lateReason ? ` — reasons for delay: ${f.lateReason}` : ''}`])).join('\n')}
</tbody></table>
<h3>Phases</h3>
<ol>${i.phases.map((p) => `<li>${escapeHtml(`${p.at} — ${p.summary}`)}</li>`).join('')}</ol>
</section>`,
  );
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Breach register</title>
<style>body{font-family:sans-serif;max-width:60em;margin:2em auto;color:#111}td{border-top:1px solid #ccc;padding:.3em .6em;vertical-align:top}td:first-child{font-weight:bold;white-space:nowrap}@media print{section{break-inside:avoid}}</style></head>
<body><main><h1>Breach register (Art. 33(5) GDPR)</h1><p>Exported ${escapeHtml(register.exportedAt)}; ${register.items.length} incident(s).</p>
${sections.join('\n')}
</main></body></html>`;
}
