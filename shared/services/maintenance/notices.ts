import { noticeTopic } from '../../clients/sns.ts';
import { dueNotice, overrunAt, plannedAfterAnnouncement } from '../../domain/maintenance.ts';
import type { ScheduledNotice } from '../../domain/maintenance.ts';
import { contactFor } from '../../domain/tenant.ts';
import type { JobSummary, TimeBudget } from '../../jobs/handler.ts';
import { sendNoticeOnce } from '../../notices/outbox.ts';
import { maintenanceNotice, maintenanceTopicMessage } from '../../notices/templates/maintenance.ts';
import type { MaintenanceFacts } from '../../notices/templates/maintenance.ts';
import { logger } from '../../powertools/logger.ts';
import { maintenanceStore } from '../../store/maintenance.ts';
import type { StoredMaintenance } from '../../store/maintenance.ts';
import { TenantScope } from '../../store/tenant-scope.ts';
import { UnitOfWork } from '../../store/unit-of-work.ts';
import { affectedTenants } from './maintenance.ts';

export interface DispatchSummary {
  started: number;
  noticesSent: number;
  superseded: number;
  emails: number;
  alreadySent: number;
  /** E-mails another run is sending right now, or failed: the notice is finished by a later run. */
  pending: number;
  failed: number;
}

const emptySummary = (): DispatchSummary => ({ started: 0, noticesSent: 0, superseded: 0, emails: 0, alreadySent: 0, pending: 0, failed: 0 });

function factsOf(m: StoredMaintenance, now: Date): MaintenanceFacts {
  return { ...m, overrun: overrunAt(m, now) };
}

/**
 * obligation: MNT-2 — brings one maintenance's notices up to `now`: records the start when its
 * time has come, then sends the latest due notice to every affected tenant's administrator (the
 * outbox: once per tenant) and to the notice topic (a claimed record: once per notice), marking
 * older due ones that were never sent as superseded. Safe to run again at any time.
 */
export async function dispatchNotices(
  id: string,
  now: Date,
  summary: DispatchSummary = emptySummary(),
  budget: TimeBudget = UNLIMITED,
): Promise<DispatchSummary> {
  let found = await maintenanceStore.get(id);
  if (!found) return summary;
  const due = new Date(found.maintenance.startsAt).getTime() <= now.getTime();
  if (due && found.maintenance.startedAt === undefined && (await maintenanceStore.autoStart(found.maintenance))) {
    summary.started++;
    found = (await maintenanceStore.get(id))!;
  }
  const { maintenance: m, notices } = found;
  const done = new Set(notices.filter((n) => n.status === 'sent' || n.status === 'superseded').map((n) => n.kind));
  const decision = dueNotice(m, done, now);
  if (!decision.send) return summary;
  for (const kind of decision.supersede) {
    await maintenanceStore.markSuperseded(m.id, kind, decision.send.kind, now.toISOString());
    summary.superseded++;
  }
  await send(m, decision.send, now, summary, budget);
  return summary;
}

const UNLIMITED: TimeBudget = { remainingMs: () => Number.POSITIVE_INFINITY };
/** What a job run keeps in hand when it stops e-mailing: marking the notice and logging. */
const JOB_RESERVE_MS = 30_000;

async function send(m: StoredMaintenance, notice: ScheduledNotice, now: Date, summary: DispatchSummary, budget: TimeBudget): Promise<void> {
  const facts = factsOf(m, now);
  const published = await publishOnce(m, notice, facts);
  let tenants = 0;
  let complete = published;
  for await (const tenant of affectedTenants(m)) {
    if (budget.remainingMs() <= 0) {
      // Out of time: the rest is left to the next run, which skips whoever already has it.
      complete = false;
      summary.pending++;
      break;
    }
    tenants++;
    const message = maintenanceNotice(tenant.language, notice.kind, facts);
    try {
      const outcome = await sendNoticeOnce(TenantScope.named(tenant.id), {
        kind: `maintenance-${notice.kind}`,
        subjectId: m.id,
        recipients: [{ role: 'administrator', address: contactFor(tenant, 'administrator').email }],
        ...message,
      });
      if (outcome === 'sent') summary.emails++;
      else if (outcome === 'already-sent' || outcome === 'rejected') summary.alreadySent++;
      else {
        summary.pending++;
        complete = false;
      }
    } catch (error) {
      // One refused address must not hold up the other tenants; the next run retries it.
      summary.failed++;
      complete = false;
      logger.error('maintenance notice not sent', { maintenanceId: m.id, notice: notice.kind, tenantId: tenant.id, errorName: (error as Error).name });
    }
  }
  if (!complete) return;
  const uow = new UnitOfWork();
  maintenanceStore.markSent(uow, m, notice, now.toISOString(), tenants);
  await uow.commit();
  summary.noticesSent++;
  if (notice.kind === 'announcement') {
    const planned = plannedAfterAnnouncement({ countsAsPlanned: m.countsAsPlanned, ...(m.notPlannedReason ? { notPlannedReason: m.notPlannedReason } : {}) }, m, now, m.leadHours);
    await maintenanceStore.recordAnnounced(m.id, now.toISOString(), planned);
  }
  if (notice.kind !== 'announcement' && !m.announcedAt && m.countsAsPlanned) {
    // The announcement was superseded: never announced, so not planned maintenance (SLA-2).
    await maintenanceStore.recordAnnounced(m.id, now.toISOString(), { countsAsPlanned: false, notPlannedReason: 'not-announced' });
  }
}

/** Publishes the notice to the topic once; false while another run holds the claim. */
async function publishOnce(m: StoredMaintenance, notice: ScheduledNotice, facts: MaintenanceFacts): Promise<boolean> {
  const outcome = await maintenanceStore.publishTopicOnce(m.id, notice.kind, async () => {
    const { messageId } = await noticeTopic().publish(maintenanceTopicMessage(m.id, notice.kind, facts));
    return { messageId };
  });
  return outcome === 'sent' || outcome === 'already-sent';
}

/** How long a route may spend e-mailing after its commit: HTTP functions have 10 s in all. */
export const AFTER_COMMIT_BUDGET_MS = 4_000;

/**
 * After a route's commit: the notice goes out now, to as many tenants as a few seconds allow
 * (all of them, for a handful); the job sends the rest, or all of it if this fails, on its next run.
 */
export async function dispatchAfterCommit(id: string, now: Date): Promise<void> {
  const until = Date.now() + AFTER_COMMIT_BUDGET_MS;
  try {
    await dispatchNotices(id, now, emptySummary(), { remainingMs: () => until - Date.now() });
  } catch (error) {
    logger.error('maintenance notices left to the job', { maintenanceId: id, errorName: (error as Error).name });
  }
}

/** The `maintenance-notices` job: every maintenance with notices to come, brought up to `now`. */
export async function runMaintenanceNotices(now: Date, budget: TimeBudget = UNLIMITED): Promise<JobSummary> {
  const reserve: TimeBudget = { remainingMs: () => budget.remainingMs() - JOB_RESERVE_MS };
  const summary = emptySummary();
  const ids = await maintenanceStore.openIds();
  for (const id of ids) {
    try {
      await dispatchNotices(id, now, summary, reserve);
    } catch (error) {
      // One maintenance's failure (the topic, say) must not hold up the others' notices.
      summary.failed++;
      logger.error('maintenance notices failed', { maintenanceId: id, errorName: (error as Error).name });
    }
  }
  if (summary.failed > 0) throw new Error(`${summary.failed} maintenance notice(s) failed: ${JSON.stringify(summary)}`);
  return { maintenances: ids.length, ...summary };
}
