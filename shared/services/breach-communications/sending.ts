import { runtime } from '../../config/runtime.ts';
import { decideRecipient } from '../../domain/breach-communication.ts';
import { SKIP_REASONS } from '../../http/schemas/breach-communication.ts';
import type { BreachCommunication, SkipReason } from '../../http/schemas/breach-communication.ts';
import type { Tenant } from '../../http/schemas/tenant.ts';
import { newId } from '../../ids.ts';
import type { JobSummary, TimeBudget } from '../../jobs/handler.ts';
import type { Language } from '../../notices/language.ts';
import { sendNoticeOnce } from '../../notices/outbox.ts';
import { sendRate } from '../../notices/send-rate.ts';
import { breachCommunication } from '../../notices/templates/breach-communication.ts';
import { logger } from '../../powertools/logger.ts';
import { activeCampaigns, breachCommunicationRepository, sendingLease } from '../../store/breach-communications.ts';
import type { PageCounts, StoredCampaign } from '../../store/breach-communications.ts';
import { keys } from '../../store/keys.ts';
import { subjectRepository } from '../../store/subjects.ts';
import type { StoredSubject } from '../../store/subjects.ts';
import { TenantScope } from '../../store/tenant-scope.ts';
import { tenants } from '../../store/tenants.ts';

/** No new page is taken with less than this left of the invocation; the next run resumes. */
export const RESERVE_MS = 30_000;
/** The sending lease, renewed after every page; a crashed run holds it this long at most. */
const LEASE_MS = 2 * 60_000;

const clamp = (n: number, low: number, high: number) => Math.min(high, Math.max(low, n));

interface Page {
  entries: { subjectId: string; stored: StoredSubject | undefined }[];
  /** Where the page after this one starts; absent after the last. */
  next: string | undefined;
}

interface RunContext {
  now: Date;
  budget: TimeBudget;
  throttle: () => Promise<void>;
  pageSize: number;
  workers: number;
  summary: Record<'sent' | 'alreadySent' | 'inFlight' | 'skipped' | 'failed', number>;
}

async function eachConcurrently<T>(items: T[], workers: number, act: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(workers, items.length) }, async () => {
      while (next < items.length) await act(items[next++]!);
    }),
  );
}

/** One campaign's sending within a run: a page at a time, checkpointed after each. */
class CampaignSender {
  private prefetched: Promise<Page> | undefined;
  private readonly messages = new Map<Language, ReturnType<typeof breachCommunication>>();
  private readonly repo;
  private readonly kind: string;

  constructor(
    private readonly scope: TenantScope,
    private readonly campaign: StoredCampaign,
    private readonly tenant: Tenant,
    /** The listed subject ids, for an audience of listed subjects. */
    private readonly listed: string[] | undefined,
    private readonly ctx: RunContext,
  ) {
    this.repo = breachCommunicationRepository(scope);
    this.kind = keys.breachCommunicationNoticeKind(campaign.id);
    this.prefetched = this.fetch(campaign.cursor);
  }

  private fetch(cursor: string | undefined): Promise<Page> {
    const page = this.listed ? this.listedPage(this.listed, Number(cursor ?? 0)) : this.listPage(cursor);
    // Handled here so an abandoned prefetch is no unhandled rejection; awaiting it still throws.
    page.catch(() => undefined);
    return page;
  }

  private async listedPage(ids: string[], start: number): Promise<Page> {
    const slice = ids.slice(start, start + this.ctx.pageSize);
    const found = await subjectRepository(this.scope).getMany(slice);
    const end = start + slice.length;
    return { entries: slice.map((subjectId) => ({ subjectId, stored: found.get(subjectId) })), next: end < ids.length ? String(end) : undefined };
  }

  /** Every subject, or one category's: erased subjects have left this list, so none is met here. */
  private async listPage(cursor: string | undefined): Promise<Page> {
    const { items, nextCursor } = await subjectRepository(this.scope).list(this.campaign.audience.category, this.ctx.pageSize, cursor);
    return { entries: items.map((subject) => ({ subjectId: subject.id, stored: { kind: 'subject', subject, lookups: [] } })), next: nextCursor };
  }

  /** The message in this language if the tenant wrote one, else in the campaign's main language. */
  private messageFor(language: Language | undefined) {
    const texts = new Map<Language, { subject: string; body: string }>([[this.campaign.language, this.campaign], ...this.campaign.translations.map((t) => [t.language, t] as const)]);
    const chosen = language !== undefined && texts.has(language) ? language : this.campaign.language;
    let message = this.messages.get(chosen);
    if (!message) {
      const text = texts.get(chosen)!;
      message = breachCommunication(chosen, { tenantName: this.tenant.name, subject: text.subject, body: text.body, contact: this.campaign.contact });
      this.messages.set(chosen, message);
    }
    return message;
  }

  private async skip(subjectId: string, reason: SkipReason, counts: PageCounts): Promise<void> {
    this.ctx.summary.skipped++;
    if (await this.repo.recordOutcome(this.campaign.id, subjectId, 'skipped', reason, this.ctx.now)) {
      counts.skippedBy[reason] = (counts.skippedBy[reason] ?? 0) + 1;
    }
  }

  /** obligation: BRE-5, DAT-4 — one recipient: skipped with its reason, or sent once through the outbox. */
  private async deliver({ subjectId, stored }: Page['entries'][number], counts: PageCounts): Promise<void> {
    if (!stored) return this.skip(subjectId, 'not-found', counts);
    if (stored.kind === 'tombstone') return this.skip(subjectId, 'erased', counts);
    const decision = decideRecipient(stored.subject);
    if (!decision.send) return this.skip(subjectId, decision.reason, counts);
    const message = this.messageFor(decision.language);
    try {
      const outcome = await sendNoticeOnce(this.scope, {
        kind: this.kind,
        subjectId,
        recipients: [{ role: 'data-subject', address: decision.email }],
        throttle: this.ctx.throttle,
        replyTo: [this.campaign.contact.email],
        ...message,
      });
      if (outcome === 'sent') {
        counts.sent++;
        this.ctx.summary.sent++;
      } else if (outcome === 'already-sent') this.ctx.summary.alreadySent++;
      else this.ctx.summary.inFlight++;
    } catch (error) {
      // The SDK has retried what SES throttled: what still fails is reported, not retried forever.
      const errorName = (error as Error).name;
      logger.error('breach communication not sent', { tenantId: this.scope.tenantId, campaignId: this.campaign.id, subjectId, errorName });
      this.ctx.summary.failed++;
      if (await this.repo.recordOutcome(this.campaign.id, subjectId, 'failed', errorName, this.ctx.now)) counts.failed++;
    }
  }

  /**
   * Sends one page and checkpoints it. `more`: pages are left; `completed`: every recipient has
   * its record; `walk-again`: claims are still in flight, a later run walks the audience again;
   * `stopped`: the time ran out within the page, which the next run sends again (the outbox skips
   * what went out).
   */
  async step(): Promise<'more' | 'completed' | 'walk-again' | 'stopped'> {
    const page = await this.prefetched!;
    this.prefetched = page.next === undefined ? undefined : this.fetch(page.next);
    const counts: PageCounts = { sent: 0, failed: 0, skippedBy: {} };
    let whole = true;
    await eachConcurrently(page.entries, this.ctx.workers, async (entry) => {
      if (this.ctx.budget.remainingMs() < RESERVE_MS / 2) {
        whole = false;
        return;
      }
      await this.deliver(entry, counts);
    });
    if (!whole) {
      // Counts of a partial page are left to the final tally; its records are what counts.
      return 'stopped';
    }
    await this.repo.checkpoint(this.campaign.id, page.next, counts, this.ctx.now);
    if (page.next !== undefined) return 'more';
    return (await this.finish()) ? 'completed' : 'walk-again';
  }

  /** The exact counts from the per-recipient log; claims still in flight mean another walk later. */
  private async finish(): Promise<boolean> {
    const skippedBy = Object.fromEntries(SKIP_REASONS.map((r) => [r, 0])) as BreachCommunication['skippedBy'];
    const tally = { sent: 0, skipped: 0, failed: 0, sending: 0 };
    for await (const record of this.repo.eachRecipient(this.campaign.id)) {
      tally[record.status]++;
      if (record.status === 'skipped' && record.reason !== undefined) skippedBy[record.reason as SkipReason]++;
    }
    if (tally.sending > 0) {
      await this.repo.nextPass(this.campaign.id);
      return false;
    }
    const total = tally.sent + tally.skipped + tally.failed;
    await this.repo.complete(this.campaign.id, { recipients: { total, sent: tally.sent, skipped: tally.skipped, failed: tally.failed }, skippedBy }, this.ctx.now);
    return true;
  }
}

async function openSender(tenantId: string, campaignId: string, ctx: RunContext): Promise<CampaignSender | undefined> {
  const scope = TenantScope.named(tenantId);
  const repo = breachCommunicationRepository(scope);
  const [campaign, tenant] = await Promise.all([repo.get(campaignId), tenants.get(scope)]);
  // A tenant being deleted has its campaigns deleted with it; nobody is written to on its behalf.
  if (!campaign || campaign.status === 'completed' || !tenant || tenant.status === 'deleting' || tenant.status === 'deleted') return undefined;
  const listed = campaign.audience.kind === 'subjects' ? await repo.audience(campaignId) : undefined;
  return new CampaignSender(scope, campaign, tenant, listed, ctx);
}

/**
 * obligation: BRE-5 — the `breach-communications` job: sends every queued or unfinished campaign
 * at the SES send rate (one pace shared by all of them), a page of each in turn so a large
 * campaign does not hold a small one back; checkpoints after every page and stops taking pages
 * when the invocation's time runs short. One run sends at a time (the lease); the outbox sends
 * each (campaign, subject) once however often runs repeat or crash.
 */
export async function sendBreachCommunications(now: Date, budget: TimeBudget): Promise<JobSummary> {
  const summary = { campaigns: 0, completed: 0, sent: 0, alreadySent: 0, inFlight: 0, skipped: 0, failed: 0, leftForNextRun: 0, busy: 0 };
  const holder = newId(now);
  if (!(await sendingLease.take(holder, LEASE_MS))) return { ...summary, busy: 1 };
  try {
    const rate = runtime.sesSendRate;
    const ctx: RunContext = {
      now,
      budget,
      throttle: sendRate(rate),
      // About five seconds of sending per page, so a page always fits in the reserve.
      pageSize: clamp(Math.round(rate * 5), 10, 100),
      // Enough messages in flight to keep the pace while each waits on DynamoDB and SES.
      workers: clamp(Math.ceil(rate / 10), 4, 32),
      summary,
    };
    const senders: CampaignSender[] = [];
    for await (const { tenantId, campaignId } of activeCampaigns()) {
      const sender = await openSender(tenantId, campaignId, ctx);
      if (sender) senders.push(sender);
    }
    summary.campaigns = senders.length;
    let going = true;
    while (senders.length > 0 && going) {
      for (const sender of [...senders]) {
        going = budget.remainingMs() >= RESERVE_MS;
        if (!going) break;
        const step = await sender.step();
        if (step === 'completed' || step === 'walk-again') senders.splice(senders.indexOf(sender), 1);
        if (step === 'completed') summary.completed++;
        // Renewed after every page; lost only if this run stalled past it and another took over.
        going = step !== 'stopped' && (await sendingLease.take(holder, LEASE_MS));
        if (!going) break;
      }
    }
    summary.leftForNextRun = senders.length;
  } finally {
    await sendingLease.release(holder);
  }
  return summary;
}
