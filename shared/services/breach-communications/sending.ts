import { runtime } from '../../config/runtime.ts';
import { newId } from '../../ids.ts';
import type { JobSummary, TimeBudget } from '../../jobs/handler.ts';
import { sendRate } from '../../notices/send-rate.ts';
import { activeCampaigns, sendingLease } from '../../store/breach-communications.ts';
import { openSender } from './campaign-sender.ts';
import type { CampaignSender, PageInFlight, RunContext } from './campaign-sender.ts';

/** No new page is taken with less than this left of the invocation; the next run resumes. */
export const RESERVE_MS = 30_000;
/** The sending lease, renewed with every page; a crashed run holds it this long at most. */
const LEASE_MS = 2 * 60_000;

const clamp = (n: number, low: number, high: number) => Math.min(high, Math.max(low, n));

/**
 * Hands out the entries of the campaigns' pages to the workers: a page of each campaign in
 * turn, so a large campaign does not hold a small one back, and the next page as soon as the
 * last entry of one is taken — no worker waits for a page's stragglers, so the pace never
 * pauses at a page boundary.
 */
class Dispenser {
  private turn = 0;
  private current: { page: PageInFlight; next: number } | undefined;
  private advancing: Promise<boolean> | undefined;
  /** Pages taken this run: the first is always taken, so every run makes progress. */
  private taken = 0;
  stopped = false;

  constructor(
    private readonly rotation: CampaignSender[],
    private readonly budget: TimeBudget,
    private readonly renewLease: () => Promise<boolean>,
  ) {}

  async take(): Promise<{ page: PageInFlight; index: number } | undefined> {
    for (;;) {
      if (this.stopped) return undefined;
      // Within a page: stop only when the time is nearly gone; the page is then sent again next run.
      if (this.budget.remainingMs() < RESERVE_MS / 2) this.stopped = true;
      const current = this.current;
      if (!this.stopped && current && current.next < current.page.page.entries.length) return { page: current.page, index: current.next++ };
      if (!this.stopped && !(await (this.advancing ??= this.advance().finally(() => (this.advancing = undefined))))) this.stopped = true;
    }
  }

  /** The next campaign's next page; false when none is left, the time is up or the lease is lost. */
  private async advance(): Promise<boolean> {
    while (this.rotation.length > 0) {
      if ((this.taken > 0 && this.budget.remainingMs() < RESERVE_MS) || !(await this.renewLease())) return false;
      const sender = this.rotation[this.turn % this.rotation.length]!;
      const page = await sender.nextPage();
      if (sender.walked || !page) this.rotation.splice(this.rotation.indexOf(sender), 1);
      else this.turn++;
      if (page) {
        this.current = { page, next: 0 };
        this.taken++;
        return true;
      }
    }
    return false;
  }
}

/**
 * obligation: BRE-5 — the `breach-communications` job: sends every queued or unfinished campaign
 * at the SES send rate (one pace shared by all of them), checkpoints each page once all of it is
 * done, and takes no new page when the invocation's time runs short. One run sends at a time (the
 * lease); the outbox sends each (campaign, subject) once however often runs repeat or crash.
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
      // About five seconds of sending per page: a checkpoint at least that often.
      pageSize: clamp(Math.round(rate * 5), 10, 100),
      summary,
    };
    const senders: CampaignSender[] = [];
    for await (const { tenantId, campaignId } of activeCampaigns()) {
      const sender = await openSender(tenantId, campaignId, ctx);
      if (sender) senders.push(sender);
    }
    summary.campaigns = senders.length;
    const dispenser = new Dispenser([...senders], budget, () => sendingLease.take(holder, LEASE_MS));
    // Enough messages in flight to keep the pace while each waits on DynamoDB and SES.
    const workers = clamp(Math.ceil(rate / 5), 4, 64);
    await Promise.all(
      Array.from({ length: workers }, async () => {
        for (let task = await dispenser.take(); task; task = await dispenser.take()) await task.page.sender.send(task.page, task.index);
      }),
    );
    for (const sender of senders) {
      const outcome = await sender.settled();
      if (outcome === 'completed') summary.completed++;
      else if (outcome === 'unfinished') summary.leftForNextRun++;
    }
  } finally {
    await sendingLease.release(holder);
  }
  return summary;
}
