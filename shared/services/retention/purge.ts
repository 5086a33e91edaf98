import { blindIndexSecret } from '../../clients/secrets.ts';
import { blindIndex } from '../../crypto/blind-index.ts';
import { addDays, localDateOf, startOfDay } from '../../domain/billing/calendar.ts';
import { consentPurposeOf, isPast, periodsFor, retentionEnd, timeEntryCutoff, timeEntryMonths } from '../../domain/retention.ts';
import type { RetentionPolicy } from '../../domain/retention.ts';
import { MAX_LOOKUP_VALUES, lookupValues } from '../../domain/subject.ts';
import type { PurgeCounts } from '../../model/retention.ts';
import type { Subject, Tombstone } from '../../model/subject.ts';
import type { JobSummary, TimeBudget } from '../../jobs/handler.ts';
import { StepGate, runPerTenant } from '../../jobs/tenant-runs.ts';
import type { TenantOutcome } from '../../jobs/tenant-runs.ts';
import { recordAudit } from '../../store/audit.ts';
import { chunksOf, deleteChunk, readingAhead } from '../../store/chunked-delete.ts';
import type { DeletionGroup } from '../../store/chunked-delete.ts';
import { HOLD_CHECK, PURGE_CHECKPOINT, retentionRepository } from '../../store/retention.ts';
import type { HoldSummary, RetentionRepository, StoredRun, WalkedSubject } from '../../store/retention.ts';
import { subjectRepository } from '../../store/subjects.ts';
import type { LookupEntry } from '../../store/subjects.ts';
import { TenantScope } from '../../store/tenant-scope.ts';
import { tenants } from '../../store/tenants.ts';
import { ConditionFailed, UnitOfWork } from '../../store/unit-of-work.ts';
import { finishUnfinishedErasures } from '../erasure-completion.ts';
import { logger } from '../../powertools/logger.ts';
import { finishErasure } from '../erasure.ts';

/** The audit actor and version author of every purge change. */
export const PURGE_ACTOR = 'system:purge';

/**
 * Time-entry keys per chunk: claimed and counted on the run record, then deleted in BatchWrites
 * (the tenant deletion's machinery).
 */
export const PURGE_CHUNK_ITEMS = 500;

/** Subjects looked at without a change between two checkpoints of the cursor. */
const CHECKPOINT_EVERY = 100;

/** Erased subjects whose remains are deleted while the walk goes on. */
const REMAINS_AT_ONCE = 8;

/** A change that met a stale copy is read again and retried this often. */
const ATTEMPTS = 3;

/** Another run moved this tenant's cursor on: this run leaves the tenant to it. */
class RunMovedOn extends Error {}

type Counts = Partial<PurgeCounts>;

function plus(a: Counts, b: Counts): Counts {
  const sum: Counts = { ...a };
  for (const [k, n] of Object.entries(b) as [keyof PurgeCounts, number][]) sum[k] = (sum[k] ?? 0) + n;
  return sum;
}

/** Field names of a subject for the audit trail: which sets, never their values (AUD-1). */
const fieldsOf = (subject: Subject) => ['category', 'endUser', ...subject.attributeSets.map((s) => `attributeSets.${s.name}`)];

/** What the evaluation found for one subject. */
interface Verdict {
  due: string[];
  /** Every set is due: the subject is erased. */
  erase: boolean;
  counts: Counts;
}

/**
 * One tenant's purge of one day: walks its subjects in list order from the checkpointed cursor.
 * Every change commits with its checkpoint (counts and cursor) in one transaction, conditioned on
 * the cursor being where this run left it: a change is made and counted once, by one run.
 */
class TenantPurge {
  private cursor: string | undefined;
  /** The last subject looked at; the next checkpoint moves the cursor here. */
  private seen: string | undefined;
  /** Counts of subjects looked at since the last checkpoint, written with it. */
  private unflushed: Counts = {};
  private sinceCheckpoint = 0;
  private readonly subjects;
  /** Erased subjects whose versions and captured records are being deleted. */
  private readonly remains = new Set<Promise<void>>();
  /** How far the subject at work has its time entries claimed, as this run last saw it. */
  private claimed: StoredRun['entries'];

  constructor(
    private readonly scope: TenantScope,
    private readonly repository: RetentionRepository,
    private readonly day: string,
    private readonly now: Date,
    private readonly policy: RetentionPolicy,
    private holds: HoldSummary,
    run: StoredRun,
    private readonly gate: StepGate,
    private readonly made: (counts: Counts) => void,
  ) {
    this.cursor = run.cursor;
    this.seen = run.cursor;
    this.claimed = run.entries;
    this.subjects = subjectRepository(scope);
  }

  async run(): Promise<'finished' | 'paused' | 'held'> {
    try {
      return await this.walk();
    } finally {
      await Promise.all(this.remains);
    }
  }

  private async walk(): Promise<'finished' | 'paused' | 'held'> {
    for await (const walked of this.repository.subjectsAfter(this.cursor)) {
      if (!this.gate.mayTake()) {
        await this.flush();
        return 'paused';
      }
      const outcome = await this.purgeOrPassOver(walked);
      if (outcome === 'paused') {
        await this.flush();
        return 'paused';
      }
      // obligation: RET-3 — a hold on all the tenant's data placed during the run ends it, as one
      // found at its start does: the run is finished and marked `tenantOnHold`.
      if (outcome === 'tenant-held') {
        await this.flush(this.now.toISOString(), true);
        return 'held';
      }
      this.gate.took();
      if (++this.sinceCheckpoint >= CHECKPOINT_EVERY) await this.flush();
    }
    await this.flush(this.now.toISOString());
    return 'finished';
  }

  private done(sortKey: string, counts: Counts = {}): void {
    this.seen = sortKey;
    this.unflushed = plus(this.unflushed, counts);
  }

  private async flush(finishedAt?: string, tenantOnHold?: true): Promise<void> {
    const moved = this.seen !== this.cursor;
    const ok = await this.repository.checkpoint(this.day, {
      from: this.cursor,
      ...(moved ? { to: this.seen! } : {}),
      add: this.unflushed,
      ...(finishedAt === undefined ? {} : { finishedAt }),
      ...(tenantOnHold === undefined ? {} : { tenantOnHold }),
    });
    if (!ok) throw new RunMovedOn();
    this.made(this.unflushed);
    this.cursor = this.seen;
    this.unflushed = {};
    this.sinceCheckpoint = 0;
  }

  /** obligation: RET-1, CON-3 — the names of the subject's sets past retention today. */
  private async evaluate(subject: Subject): Promise<Verdict> {
    const periods = periodsFor(this.policy, subject.category);
    const consents = subject.attributeSets.some((s) => s.legalBasis === 'consent') ? await this.repository.consents(subject.id) : new Map();
    const due: string[] = [];
    let withoutRecord = 0;
    for (const set of subject.attributeSets) {
      const end = retentionEnd(set, periods, consents.get(consentPurposeOf(set)));
      if (end.rule === 'no-consent-record') withoutRecord++;
      if (isPast(end, this.now)) due.push(set.name);
    }
    return { due, erase: due.length === subject.attributeSets.length, counts: withoutRecord > 0 ? { setsWithoutConsentRecord: withoutRecord } : {} };
  }

  /**
   * obligation: DAT-4, CON-3 — what goes of a restricted subject: a restriction keeps the data
   * (e.g. for the subject's legal claims, Art. 18(1)(c) GDPR), but storage is no ground to keep
   * data held only on a consent that was withdrawn or lapsed (Art. 17(1)(b)); an objection
   * without a purpose withdraws every consent and restricts. Only those sets go; a subject left
   * with none is erased like any other, one that keeps some is counted as restricted.
   */
  private restricted(subject: Subject, verdict: Verdict): Verdict {
    const due = verdict.due.filter((name) => subject.attributeSets.find((s) => s.name === name)?.legalBasis === 'consent');
    const erase = due.length > 0 && due.length === subject.attributeSets.length;
    return { due, erase, counts: erase ? verdict.counts : plus(verdict.counts, { subjectsRestricted: 1 }) };
  }

  /**
   * obligation: RET-2 — one subject that cannot be purged holds up no other: the failure is
   * logged (ids only) and counted on the run, the walk goes past it, and the next day's run
   * tries it again. A lost checkpoint still stops the run (another run moved on).
   */
  private async purgeOrPassOver(walked: WalkedSubject): Promise<'done' | 'paused' | 'tenant-held'> {
    try {
      return await this.purgeSubject(walked);
    } catch (error) {
      if (error instanceof RunMovedOn) throw error;
      logger.error('subject not purged', { tenantId: this.scope.tenantId, subjectId: walked.subject.id, errorName: (error as Error).name });
      this.done(walked.sortKey, { subjectsFailed: 1 });
      return 'done';
    }
  }

  /**
   * obligation: RET-3 — a hold placed since the run read the holds (the change's hold check
   * failed, or a chunk of time entries met one): the subject is passed over and counted as held,
   * the holds are read again for the subjects still to come, and a hold on the whole tenant stops
   * the tenant's run.
   */
  private async heldMidRun(sortKey: string): Promise<'done' | 'tenant-held'> {
    this.holds = await this.repository.holdSummary();
    this.done(sortKey, { subjectsOnHold: 1 });
    return this.holds.tenantHolds > 0 ? 'tenant-held' : 'done';
  }

  private async purgeSubject(first: WalkedSubject): Promise<'done' | 'paused' | 'tenant-held'> {
    let current: { subject: Subject; lookups: LookupEntry[] } = first;
    for (let attempt = 1; ; attempt++) {
      const { subject } = current;
      // obligation: RET-3 — held subjects are not looked at: a hold wins over everything.
      if (this.holds.heldSubjects.has(subject.id)) return this.done(first.sortKey, { subjectsOnHold: 1 }), 'done';
      const evaluated = await this.evaluate(subject);
      const verdict = subject.restriction ? this.restricted(subject, evaluated) : evaluated;
      try {
        if (verdict.erase) {
          await this.erase(first.sortKey, current, verdict);
          return 'done';
        }
        // A restricted subject's captured records stay with the rest of its data (DAT-4).
        const entries = subject.restriction ? 'done' : await this.deleteTimeEntries(subject);
        if (entries === 'paused') return 'paused';
        if (entries === 'held') return await this.heldMidRun(first.sortKey);
        if (verdict.due.length > 0) await this.removeSets(first.sortKey, current, verdict);
        else this.done(first.sortKey, verdict.counts);
        return 'done';
      } catch (error) {
        if (!(error instanceof ConditionFailed)) throw error;
        if (error.label === PURGE_CHECKPOINT) throw new RunMovedOn();
        if (error.label === HOLD_CHECK) return await this.heldMidRun(first.sortKey);
        // A stale list copy, or a change meanwhile: read the subject again and decide again.
        if (error.label !== 'subject-version' || attempt >= ATTEMPTS) throw error;
        const fresh = await this.subjects.get(subject.id);
        if (fresh?.kind !== 'subject') return this.done(first.sortKey), 'done';
        current = fresh;
      }
    }
  }

  /** The change, its audit entry, the hold check and the checkpoint: one transaction. */
  private async commit(uow: UnitOfWork, subjectId: string, sortKey: string, counts: Counts, pending?: { names: string[]; beforeVersion: number }) {
    this.repository.notHeld(uow, subjectId);
    const add = plus(this.unflushed, counts);
    this.repository.checkpointIn(uow, this.day, {
      from: this.cursor,
      to: sortKey,
      add,
      ...(pending === undefined ? {} : { pending: { subjectId, ...pending } }),
    });
    await uow.commit();
    this.made(add);
    this.cursor = sortKey;
    this.seen = sortKey;
    this.unflushed = {};
    this.sinceCheckpoint = 0;
  }

  /**
   * obligation: RET-2, DSR-6 — every set is past retention: the subject is erased through the
   * erasure path (tombstone with reason `retention`, lookups and seat in the same transaction,
   * then its versions, consents and captured records; the erasure-completion job finishes a cut).
   */
  private async erase(sortKey: string, before: { subject: Subject; lookups: LookupEntry[] }, verdict: Verdict): Promise<void> {
    const { subject } = before;
    const tombstone: Tombstone = { id: subject.id, erasedAt: this.now.toISOString(), reason: 'retention' };
    const uow = new UnitOfWork();
    this.subjects.erase(uow, await this.subjects.shedLookups(before, MAX_LOOKUP_VALUES), tombstone, this.now);
    recordAudit(uow, this.scope, { actor: PURGE_ACTOR, action: 'delete', entity: 'subject', entityId: subject.id, fields: fieldsOf(subject), at: this.now });
    await this.commit(uow, subject.id, sortKey, plus(verdict.counts, { subjectsErased: 1, setsRemoved: subject.attributeSets.length }));
    // Off the walk's path: the tombstone is listed as erasing until this is done, so a kill
    // leaves it to the next run (or the erasure-completion job). A few at a time.
    if (this.remains.size >= REMAINS_AT_ONCE) await Promise.race(this.remains);
    const deleting: Promise<void> = finishErasure(this.scope, subject.id).then(() => void this.remains.delete(deleting));
    this.remains.add(deleting);
  }

  /**
   * obligation: RET-2, CON-3, DAT-5 — a new version without the sets past retention (actor
   * `system:purge`), then the same sets redacted out of the stored history, so their values are
   * gone. The redaction still to do is noted on the run record in the same transaction, so a
   * cut-short run's successor finishes it; consent records stay as evidence (CON-2).
   */
  private async removeSets(sortKey: string, before: { subject: Subject; lookups: LookupEntry[] }, verdict: Verdict): Promise<void> {
    const { subject } = before;
    const names = verdict.due;
    const at = new Date(Math.max(this.now.getTime(), Date.parse(subject.updatedAt) + 1));
    const next: Subject = { ...subject, attributeSets: subject.attributeSets.filter((s) => !names.includes(s.name)), version: subject.version + 1, updatedAt: at.toISOString() };
    const history = await this.repository.versionsHolding(subject.id, names, next.version);
    const uow = new UnitOfWork();
    const changed = names.map((n) => `attributeSets.${n}`);
    this.subjects.replace(uow, before, next, await lookupsAfter(this.scope, before, next), { actor: PURGE_ACTOR, changed, now: at });
    recordAudit(uow, this.scope, { actor: PURGE_ACTOR, action: 'delete', entity: 'subject', entityId: subject.id, fields: changed, at });
    await this.commit(uow, subject.id, sortKey, plus(verdict.counts, { setsRemoved: names.length, versionsRedacted: history.length }), { names, beforeVersion: next.version });
    // The run's next checkpoint removes the note of this redaction (it comes after it).
    await Promise.all(history.map((item) => this.repository.redactVersion(item, names, this.now)));
  }

  /**
   * obligation: RET-1, RET-2, RET-3 — captured time entries past retention (their day + the
   * tenant's years + 1 year), in chunks with the tenant deletion's machinery. Each chunk is claimed
   * before it is deleted: the run record's claim moves to the chunk's last key and its new entries
   * are counted, conditioned on the cursor and the claim being where this run last saw them, and on
   * neither the subject nor the tenant being held, all in one transaction. A second run racing this
   * one fails the condition before deleting anything and leaves the tenant; a run resuming after a
   * kill deletes what was claimed without counting it again; a hold placed while the chunks go
   * stops the next chunk (the one already claimed is deleted: its claim came first).
   */
  private async deleteTimeEntries(subject: Subject): Promise<'done' | 'paused' | 'held'> {
    const months = timeEntryMonths(this.policy, periodsFor(this.policy, subject.category));
    const before = startOfDay(addDays(timeEntryCutoff(this.now, months), 1)).toISOString();
    const repository = this.repository;
    async function* groups(): AsyncGenerator<DeletionGroup> {
      for await (const key of repository.timeEntriesBefore(subject.id, before)) yield { keys: [key] };
    }
    for await (const chunk of readingAhead(chunksOf(groups(), PURGE_CHUNK_ITEMS))) {
      if (!this.gate.mayTake()) return 'paused';
      const expected = this.claimed?.subjectId === subject.id ? this.claimed.through : undefined;
      const sortKeys = chunk.first.map((k) => k.sk);
      const fresh = expected === undefined ? sortKeys.length : sortKeys.filter((sk) => sk > expected).length;
      const through = expected !== undefined && expected > sortKeys.at(-1)! ? expected : sortKeys.at(-1)!;
      const claim = { subjectId: subject.id, ...(expected === undefined ? {} : { expected }), through };
      // obligation: RET-3 — the claim commits only while nothing holds the subject: a hold placed
      // since the run began, or since the last chunk, wins before anything more goes.
      const uow = new UnitOfWork();
      repository.notHeld(uow, subject.id);
      repository.checkpointIn(uow, this.day, { from: this.cursor, add: { timeEntriesDeleted: fresh }, entries: claim });
      try {
        await uow.commit();
      } catch (error) {
        if (error instanceof ConditionFailed && error.label === HOLD_CHECK) return 'held';
        if (error instanceof ConditionFailed && error.label === PURGE_CHECKPOINT) throw new RunMovedOn();
        throw error;
      }
      this.claimed = { subjectId: subject.id, through };
      this.made({ timeEntriesDeleted: fresh });
      await deleteChunk(chunk);
      this.gate.took();
    }
    return 'done';
  }
}

/**
 * The subject's blind-index entries after sets went: the same as before unless a removed set
 * held an e-mail or tax number, so the secret is read only when a lookup must go (DAT-6).
 */
async function lookupsAfter(scope: TenantScope, before: { subject: Subject; lookups: LookupEntry[] }, next: Subject): Promise<LookupEntry[]> {
  const removed = before.subject.attributeSets.filter((s) => !next.attributeSets.some((k) => k.name === s.name));
  if (lookupValues({ attributeSets: removed }).length === 0) return before.lookups;
  const secret = await blindIndexSecret();
  return lookupValues(next).map(({ kind, value }) => ({ kind, hmac: blindIndex(secret, scope.tenantId, kind, value) }));
}

/** Redactions a cut-short run committed but did not finish (at most one per run record). */
async function finishPending(repository: RetentionRepository, runs: StoredRun[], now: Date): Promise<void> {
  for (const run of runs) {
    if (!run.pending) continue;
    const { subjectId, names, beforeVersion } = run.pending;
    for (const item of await repository.versionsHolding(subjectId, names, beforeVersion)) await repository.redactVersion(item, names, now);
    await repository.clearPending(run.day, subjectId);
  }
}


async function purgeTenant(tenantId: string, now: Date, gate: StepGate, made: (counts: Counts) => void): Promise<TenantOutcome> {
  const scope = TenantScope.named(tenantId);
  const repository = retentionRepository(scope);
  const day = localDateOf(now);
  const latest = await repository.latestRuns(2);
  await finishPending(repository, latest, now);
  const today = latest.find((r) => r.day === day);
  if (today?.finishedAt !== undefined) return 'skipped';
  const holds = await repository.holdSummary();
  const run = today ?? (await repository.startRun(day, now, holds.tenantHolds > 0));
  // obligation: RET-3 — a hold on the tenant (its own or the operator's) holds all its data.
  if (holds.tenantHolds > 0) {
    if (!(await repository.checkpoint(day, { from: run.cursor, finishedAt: now.toISOString(), tenantOnHold: true }))) throw new RunMovedOn();
    return 'held';
  }
  const { policy } = await repository.policy();
  return new TenantPurge(scope, repository, day, now, policy, holds, run, gate, made).run();
}

/** Every tenant but those being deleted: their data is the tenant deletion's to remove (DUN-5). */
async function* tenantsHoldingData(): AsyncGenerator<string> {
  for await (const tenant of tenants.each()) if (tenant.status !== 'deleting') yield tenant.id;
}

/**
 * obligation: RET-1, RET-2, RET-3, CON-3 — the daily purge: for every tenant that still holds
 * data, removes attribute sets past retention (erasing subjects left with none) and time entries
 * past retention, skipping held subjects and keeping restricted ones but for their sets on a
 * withdrawn or lapsed consent, and records per tenant and day what it did. Resumable: a crash, a
 * timeout or a rerun resumes at each tenant's checkpoint, loses nothing and deletes or counts
 * nothing twice. Every decision uses `now`, never the clock.
 */
export async function purge(now: Date, budget: TimeBudget): Promise<JobSummary> {
  const made = { subjectsErased: 0, setsRemoved: 0, versionsRedacted: 0, timeEntriesDeleted: 0, subjectsFailed: 0 };
  const add = (counts: Counts) => {
    for (const key of ['subjectsErased', 'setsRemoved', 'versionsRedacted', 'timeEntriesDeleted', 'subjectsFailed'] as const) made[key] += counts[key] ?? 0;
  };
  const gate = new StepGate(budget);
  // An erasure this job (or anyone) committed but a kill cut short is finished first: the purge
  // leaves nothing past retention behind, without waiting for the erasure-completion job.
  // One that fails is counted and held up nothing: the tenants are purged all the same.
  const { subjects: erasuresFinished, failed: erasuresFailed } = await finishUnfinishedErasures();
  const counts = await runPerTenant('purge', tenantsHoldingData(), (tenantId) => purgeTenant(tenantId, now, gate, add), (error) => error instanceof RunMovedOn);
  const summary = {
    tenantsFinished: counts.finished,
    tenantsResumeLater: counts.resumeLater,
    tenantsOnHold: counts.held,
    tenantsSkipped: counts.skipped,
    tenantsFailed: counts.failed,
    ...made,
    erasuresFinished,
    erasuresFailed,
  };
  if (summary.tenantsFailed > 0 || erasuresFailed > 0 || made.subjectsFailed > 0) {
    throw new Error(`${summary.tenantsFailed} tenant purge(s), ${made.subjectsFailed} subject(s) and ${erasuresFailed} erasure(s) failed: ${JSON.stringify(summary)}`);
  }
  return summary;
}
