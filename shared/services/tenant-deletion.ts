import { flushAuthorizerCache } from '../clients/api-gateway.ts';
import { localDateOf } from '../domain/billing/calendar.ts';
import { billingRecipients } from './billing/notices.ts';
import type { Tenant } from '../model/tenant.ts';
import type { JobSummary, TimeBudget } from '../jobs/handler.ts';
import { StepGate, runPerTenant } from '../jobs/tenant-runs.ts';
import type { TenantOutcome } from '../jobs/tenant-runs.ts';
import type { Language } from '../model/tenant.ts';
import { sendNoticeToEach } from '../notices/outbox.ts';
import { deletionConfirmationNotice } from '../notices/templates/deletion-confirmation.ts';
import { chunksOf, deleteChunk, readingAhead } from '../store/chunked-delete.ts';
import { retentionRepository } from '../store/retention.ts';
import type { DeletionGroup } from '../store/chunked-delete.ts';
import { DELETION_PHASES, DeletionMovedOn, deletingTenants, tenantDeletion } from '../store/tenant-deletion.ts';
import type { DeletionPhase, ProfileItem, TenantDeletion } from '../store/tenant-deletion.ts';
import { TenantScope } from '../store/tenant-scope.ts';
import { deleteTenantExports } from './exports/tenant-exports.ts';
import { payOwedFlushes } from './authorizer-cache.ts';

/**
 * Keys per chunk. A chunk is deleted in BatchWrites (25 keys, 8 in parallel) and then
 * checkpointed; a crash between the two leaves at most this many deletions uncounted.
 */
export const CHUNK_ITEMS = 1000;

/** DynamoDB point-in-time recovery keeps 35 days, so deleted data leaves the backups by then. */
const BACKUP_RETENTION_DAYS = 35;

interface TenantRun {
  store: TenantDeletion;
  profile: ProfileItem;
  now: Date;
}

interface Phase {
  /** What the phase deletes, in chunks. */
  walk?: (run: TenantRun) => AsyncIterable<DeletionGroup>;
  /** What must happen once the walk found nothing more, before the phase is checkpointed done. */
  then?: (run: TenantRun) => Promise<void>;
}

/**
 * obligation: DUN-5 — the confirmation goes to the administrator and billing contacts, once,
 * before the notices log and the contacts are deleted.
 */
async function sendConfirmation({ store, profile, now }: TenantRun): Promise<void> {
  const tenant = profile as unknown as Pick<Tenant, 'id' | 'name' | 'language' | 'contacts'>;
  const recipients = billingRecipients(tenant);
  const message = deletionConfirmationNotice(tenant.language as Language, {
    tenantName: tenant.name,
    tenantId: tenant.id,
    deletedOn: localDateOf(now),
    backupDays: BACKUP_RETENTION_DAYS,
  });
  const outcome = await sendNoticeToEach(store.scope, { kind: 'tenant-deleted', subjectId: tenant.id, recipients, ...message });
  // Not checkpointed until it is known to be out: the contacts go only after the confirmation.
  if (outcome === 'in-flight') throw new Error('The deletion confirmation is being sent by another run');
}

/**
 * Audit entries carry the wall-clock time of the request that wrote them, which may be later
 * than a simulated or scheduled `now`: the walk goes to whichever is later.
 */
const auditUntil = (now: Date) => new Date(Math.max(now.getTime(), Date.now()));

/** obligation: DUN-5, DUN-6, BIL-9 — everything but billing documents and metering evidence, in this order. */
const PHASES: Record<DeletionPhase, Phase> = {
  // Keys first, and the authorizer's cached decisions with them: nothing can call the API after.
  keys: { walk: ({ store }) => store.apiKeys(), then: flushAuthorizerCache },
  subjects: { walk: ({ store }) => store.subjects() },
  audit: { walk: ({ store, profile, now }) => store.audit(new Date(profile.createdAt), auditUntil(now)) },
  idempotency: { walk: ({ store }) => store.idempotencyRecords() },
  confirmation: { then: sendConfirmation },
  notices: { walk: ({ store }) => store.notices() },
  // obligation: EXP-2, DSR-6 — every export object under the tenant's prefix, before the records go
  // with the profile's leftovers. A deletion checkpointed before this phase existed resumes as before.
  exports: { then: ({ store }) => deleteTenantExports(store.scope) },
  profile: { walk: ({ store }) => store.profileLeftovers() },
};


/** Runs the tenant's deletion from its checkpointed phase until it is done or the time is up. */
async function deleteTenant(tenantId: string, now: Date, gate: StepGate, counted: (n: number) => void): Promise<TenantOutcome> {
  const store = tenantDeletion(TenantScope.named(tenantId));
  const progress = await store.progress();
  if (progress?.state !== 'deleting' || progress.phase === 'done') return 'skipped';
  // obligation: RET-3 — the operator's hold on all the tenant's data (an authority's preservation
  // order) is a legal duty to keep it: nothing is deleted until it is lifted, then the next run
  // goes on from the checkpoint. The tenant's own holds yield to its own decision to leave. It is
  // looked for again before every chunk and every step, each read after the chunk it guards: an
  // order placed while the deletion runs stops it there (the chunk already being deleted goes).
  const holds = retentionRepository(store.scope);
  if (await holds.heldByOperator()) return 'held';
  const profile = await store.profile();
  if (!profile) throw new Error('Tenant profile missing');
  const run: TenantRun = { store, profile, now };
  for (let i = DELETION_PHASES.indexOf(progress.phase); i < DELETION_PHASES.length; i++) {
    const phase = DELETION_PHASES[i]!;
    const { walk, then } = PHASES[phase];
    if (walk) {
      for await (const chunk of readingAhead(chunksOf(walk(run), CHUNK_ITEMS))) {
        if (!gate.mayTake()) return 'paused';
        if (await holds.heldByOperator()) return 'held';
        const deleted = await deleteChunk(chunk);
        await store.checkpoint(phase, deleted, now);
        gate.took();
        counted(deleted);
      }
    }
    if (!gate.mayTake()) return 'paused';
    if (then && (await holds.heldByOperator())) return 'held';
    await then?.(run);
    const next = DELETION_PHASES[i + 1];
    if (next) await store.checkpoint(phase, 0, now, next);
    else await store.finish(profile, now);
    gate.took();
  }
  return 'finished';
}

/**
 * obligation: DUN-5, DUN-6, SEC-5, RET-3 — deletes the data of every tenant whose account is
 * `deleting` and that the operator does not hold (counted as `heldByOperator`, whether the hold was
 * there when the run came to the tenant or was placed while it ran), in checkpointed chunks: a crash, a timeout or a rerun resumes at the checkpoint,
 * loses nothing and deletes nothing twice. With less than a minute left no new chunk is taken;
 * the next hourly run goes on.
 */
export async function deleteTenants(now: Date, budget: TimeBudget): Promise<JobSummary> {
  // obligation: TEN-2 — flushes earlier changes still owe are paid first (this job may flush).
  await payOwedFlushes();
  let itemsDeleted = 0;
  const gate = new StepGate(budget);
  const counts = await runPerTenant(
    'tenant deletion',
    deletingTenants(),
    (tenantId) => deleteTenant(tenantId, now, gate, (n) => (itemsDeleted += n)),
    (error) => error instanceof DeletionMovedOn,
  );
  const summary = {
    tenantsFinished: counts.finished,
    tenantsResumeLater: counts.resumeLater,
    tenantsSkipped: counts.skipped,
    heldByOperator: counts.held,
    tenantsFailed: counts.failed,
    itemsDeleted,
  };
  // A failed run is retried by the scheduler and resumes at each tenant's checkpoint.
  if (summary.tenantsFailed > 0) throw new Error(`${summary.tenantsFailed} tenant deletion(s) failed: ${JSON.stringify(summary)}`);
  return summary;
}
