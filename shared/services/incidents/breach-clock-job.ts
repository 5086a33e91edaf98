import { runtime } from '../../config/runtime.ts';
import type { JobSummary, TimeBudget } from '../../jobs/handler.ts';
import { sendRate } from '../../notices/send-rate.ts';
import { incidents } from '../../store/incidents.ts';
import type { Incident } from '../../model/incident.ts';
import { sendClockReminders, sendUnsentFiling } from './clock.ts';
import { notifyTenants } from './tenant-notices.ts';

/**
 * The breach-clock job (every 15 minutes): finishes every phase's tenant notices that the
 * request could not send in its time (or a crash cut short), and sends the 72-hour clocks'
 * reminders. Both are once-only, so a rerun or a late run repeats nothing.
 */
export async function runBreachClock(now: Date, budget: TimeBudget): Promise<JobSummary> {
  const throttle = sendRate(runtime.sesSendRate);
  const summary = { phasesCompleted: 0, emailsSent: 0, rejected: 0, failed: 0, remindersSent: 0 };
  const read = new Map<string, Incident>();
  for await (const incident of incidents.each()) {
    read.set(incident.id, incident);
    const { phases, sent, filings } = await incidents.progress(incident.id);
    for (const phase of incident.notification.decision === 'notify' ? phases : []) {
      if (sent.has(phase.number)) continue;
      // Notices paced at the SES rate can outlast a run: stop a minute early, the next run resumes.
      const totals = await notifyTenants(incident, phase, { throttle, stopAfterMs: Math.max(0, budget.remainingMs() - 60_000) });
      summary.emailsSent += totals.emailsSent;
      summary.failed += totals.failed;
      summary.rejected += totals.rejected;
      if (totals.failed === 0 && totals.leftOver === 0 && totals.pending === 0) summary.phasesCompleted++;
    }
    // An e-mail filing a crash left unsent after its commit.
    for (const filing of filings) await sendUnsentFiling(incident, filing);
  }
  summary.remindersSent = (await sendClockReminders(now, read)).remindersSent;
  if (summary.failed > 0) throw new Error(`Breach notices failed for ${summary.failed} tenant(s): ${JSON.stringify(summary)}`);
  return summary;
}
