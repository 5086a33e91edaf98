import { decideRecipient } from '../../domain/breach-communication.ts';
import { holdsData } from '../../domain/tenant.ts';
import { SKIP_REASONS } from '../../model/breach-communication.ts';
import type { BreachCommunication, SkipReason } from '../../model/breach-communication.ts';
import type { Tenant } from '../../model/tenant.ts';
import type { TimeBudget } from '../../jobs/handler.ts';
import type { Language } from '../../model/tenant.ts';
import { sendNoticeOnce } from '../../notices/outbox.ts';
import { breachCommunication } from '../../notices/templates/breach-communication.ts';
import { logger } from '../../powertools/logger.ts';
import { breachCommunicationRepository } from '../../store/breach-communications.ts';
import type { PageCounts, StoredCampaign } from '../../store/breach-communications.ts';
import { keys } from '../../store/keys.ts';
import { subjectRepository } from '../../store/subjects.ts';
import type { StoredSubject } from '../../store/subjects.ts';
import { TenantScope } from '../../store/tenant-scope.ts';
import { tenants } from '../../store/tenants.ts';

interface Page {
  entries: { subjectId: string; stored: StoredSubject | undefined }[];
  /** Where the page after this one starts; absent after the last. */
  next: string | undefined;
}

export interface RunContext {
  now: Date;
  budget: TimeBudget;
  throttle: () => Promise<void>;
  pageSize: number;
  summary: Record<'sent' | 'alreadySent' | 'inFlight' | 'skipped' | 'failed', number>;
}

/** A page handed out to the workers: how many entries are left, and what the done ones added. */
export interface PageInFlight {
  sender: CampaignSender;
  page: Page;
  left: number;
  counts: PageCounts;
}

/**
 * One campaign's sending within a run: pages read ahead, entries sent by the run's workers, each
 * page checkpointed once all of it is done, in order, so a checkpoint never passes a recipient
 * that was not handled.
 */
export class CampaignSender {
  private prefetched: Promise<Page> | undefined;
  private readonly open: PageInFlight[] = [];
  private done: Promise<void> = Promise.resolve();
  private outcome: 'completed' | 'walk-again' | 'unfinished' = 'unfinished';
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
        // The log outlives the subject's erasure: it keeps the SES message id, not the address (DSR-6).
        logAddresses: false,
        throttle: this.ctx.throttle,
        replyTo: [this.campaign.contact.email],
        ...message,
      });
      if (outcome === 'sent') {
        counts.sent++;
        this.ctx.summary.sent++;
      } else if (outcome === 'already-sent') this.ctx.summary.alreadySent++;
      else if (outcome === 'rejected') {
        this.ctx.summary.failed++;
        if (await this.repo.recordOutcome(this.campaign.id, subjectId, 'failed', 'MessageRejected', this.ctx.now)) counts.failed++;
      } else this.ctx.summary.inFlight++;
    } catch (error) {
      // The SDK has retried what SES throttled: what still fails is reported, not retried forever.
      const errorName = (error as Error).name;
      logger.error('breach communication not sent', { tenantId: this.scope.tenantId, campaignId: this.campaign.id, subjectId, errorName });
      this.ctx.summary.failed++;
      if (await this.repo.recordOutcome(this.campaign.id, subjectId, 'failed', errorName, this.ctx.now)) counts.failed++;
    }
  }

  /**
   * The next page to send, reading the one after it ahead; undefined once the last was handed
   * out. Pages are checkpointed in the order handed out, whatever order they finish in.
   */
  async nextPage(): Promise<PageInFlight | undefined> {
    if (!this.prefetched) return undefined;
    const page = await this.prefetched;
    this.prefetched = page.next === undefined ? undefined : this.fetch(page.next);
    const inFlight: PageInFlight = { sender: this, page, left: page.entries.length, counts: { sent: 0, failed: 0, skippedBy: {} } };
    this.open.push(inFlight);
    if (inFlight.left === 0) this.settle();
    return inFlight;
  }

  get walked(): boolean {
    return this.prefetched === undefined;
  }

  /** One entry of a page: delivered, and the page settled when it was the last. */
  async send(inFlight: PageInFlight, index: number): Promise<void> {
    await this.deliver(inFlight.page.entries[index]!, inFlight.counts);
    inFlight.left--;
    if (inFlight.left === 0) this.settle();
  }

  /** Checkpoints every finished page at the front of the line, one write after another. */
  private settle(): void {
    while (this.open[0]?.left === 0) {
      const { page, counts } = this.open.shift()!;
      this.done = this.done.then(async () => {
        await this.repo.checkpoint(this.campaign.id, page.next, counts, this.ctx.now);
        if (page.next === undefined) this.outcome = (await this.finish()) ? 'completed' : 'walk-again';
      });
    }
  }

  /** Resolves once every settled page is checkpointed (and, after the last, the campaign tallied). */
  async settled(): Promise<'completed' | 'walk-again' | 'unfinished'> {
    await this.done;
    return this.outcome;
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

export async function openSender(tenantId: string, campaignId: string, ctx: RunContext): Promise<CampaignSender | undefined> {
  const scope = TenantScope.named(tenantId);
  const repo = breachCommunicationRepository(scope);
  const [campaign, tenant] = await Promise.all([repo.get(campaignId), tenants.get(scope)]);
  // A tenant being deleted has its campaigns deleted with it; nobody is written to on its behalf.
  if (!campaign || campaign.status === 'completed' || !tenant || !holdsData(tenant)) return undefined;
  const listed = campaign.audience.kind === 'subjects' ? await repo.audience(campaignId) : undefined;
  return new CampaignSender(scope, campaign, tenant, listed, ctx);
}

