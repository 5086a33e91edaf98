import { AsyncLocalStorage } from 'node:async_hooks';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { documentClient } from '../clients/dynamodb.ts';
import { runtime } from '../config/runtime.ts';
import type { ContactRole } from '../model/tenant.ts';
import { keys } from '../store/keys.ts';
import type { TenantScope } from '../store/tenant-scope.ts';
import { AddressSuppressed, sendEmail } from './email.ts';
import type { Email } from './email.ts';

/**
 * `rejected`: SES refused the message for good, or every recipient's address is on the suppression
 * list (shared/notices/suppression.ts); it is recorded, with its reason, and not retried.
 * `in-flight`: another run holds a fresh claim (it is sending now, or crashed within the lease);
 * the notice is not known to be out yet.
 */
export type NoticeOutcome = 'sent' | 'already-sent' | 'in-flight' | 'rejected';

/** SES errors that mean this message will never be accepted, unlike throttling or outages. */
const REJECTIONS = new Set(['MessageRejected', 'InvalidParameterValue']);

/**
 * A claim older than this is taken to be from a run that crashed before sending. A send needs far
 * less: SES's budget is 2 attempts of at most 1 s + 3 s (shared/clients/endpoint.ts), plus a wait
 * for the send rate's next slot and two table writes (obligation: SEC-5, issue "Faults": owed
 * notices go out soon after a crash, with the next run that sends them).
 */
export const CLAIM_LEASE_MS = 2 * 60_000;

/**
 * A claim older than this, yet within its lease, is taken to be a crashed run's rather than one
 * sending right now (a send takes seconds): the notice is owed, and the run that found it says so
 * (`tallyOwedNotices`), so that it fails and is retried once the lease is over.
 */
const LIVE_SEND_MS = 30_000;

const owedTally = new AsyncLocalStorage<{ owed: number }>();

function noteOwedNotice(): void {
  const tally = owedTally.getStore();
  if (tally) tally.owed++;
}

/**
 * obligation: SEC-5 — runs `work` and counts the notices it found claimed by a crashed run and not
 * yet sent (the job handler fails the run on them, so the scheduler's retry sends them).
 */
export async function tallyOwedNotices<T>(work: () => Promise<T>): Promise<{ value: T; owed: number }> {
  const tally = { owed: 0 };
  const value = await owedTally.run(tally, work);
  return { value, owed: tally.owed };
}

export interface Notice extends Omit<Email, 'to'> {
  /** What the notice is about, e.g. `key-rotation`; with `subjectId` it makes the notice unique. */
  kind: string;
  subjectId: string;
  /** Waits for the send rate's next slot before each message (breach notices, campaigns). */
  throttle?: () => Promise<void>;
  /**
   * A tenant contact role, the vendor's own (`responder`, `supervisory-authority`), or a tenant's
   * data subject (an Art. 34 communication, BRE-5), a tenant's registered recipient (an Art. 19
   * notice, DSR-7), or the vendor's support desk (an assistance request, DSR-11).
   */
  recipients: { role: ContactRole | 'responder' | 'supervisory-authority' | 'data-subject' | 'recipient' | 'support'; address: string }[];
  /**
   * Whether the log keeps the recipients' addresses (default). A data subject's address is not
   * kept (the log outlives the subject's erasure): roles and SES message ids prove the sending.
   */
  logAddresses?: boolean;
}

/**
 * Sends a notice once per (kind, subject) however often a job reruns (SEC-5), and keeps the
 * record of what went out, when, to which roles and with which SES message id per recipient.
 *
 * A claim is written before sending and marked sent after. A failed send gives the claim back; a
 * crash between the two leaves a claim that a run after the lease sends again: at most one
 * duplicate, never a lost notice. The
 * lease runs on the wall clock, not the job's (possibly simulated or scheduled) time: a retry of
 * a crashed run carries the same scheduled time, yet must see its claim grow stale.
 */
export async function sendNoticeOnce(scope: TenantScope, notice: Notice): Promise<NoticeOutcome> {
  return (await sendOnce(keys.noticePartition(scope.tenantId), notice)).outcome;
}

/**
 * A notice to several recipients, as one record per recipient (`<kind>#<subjectId>#<role>`): each
 * gets it exactly once, whatever happens beside it. One refused address does not silence the
 * others, and a failed send to one does not send it again to those already served when the run
 * is retried. Recipients have distinct roles (`recipientsFor` gives one address per role).
 * The outcome is the least settled of the recipients': in flight if any is, rejected only if
 * every one was, sent if any went out now.
 */
export async function sendNoticeToEach(scope: TenantScope, notice: Notice): Promise<NoticeOutcome> {
  const outcomes: NoticeOutcome[] = [];
  for (const recipient of notice.recipients) {
    outcomes.push(await sendNoticeOnce(scope, { ...notice, subjectId: `${notice.subjectId}#${recipient.role}`, recipients: [recipient] }));
  }
  if (outcomes.includes('in-flight')) return 'in-flight';
  if (outcomes.every((o) => o === 'rejected')) return 'rejected';
  return outcomes.includes('sent') ? 'sent' : 'already-sent';
}

/**
 * The same with what the log holds of it: when it went out and the SES message id of its first
 * recipient — the record just written or found, so the caller need not read it again.
 */
export function sendNoticeOnceWithReceipt(scope: TenantScope, notice: Notice): Promise<Receipt> {
  return sendOnce(keys.noticePartition(scope.tenantId), notice);
}

/** The same for the vendor's own notices (breach clock reminders, filings to the authority). */
export function sendVendorNoticeOnce(notice: Notice): Promise<Receipt> {
  return sendOnce(keys.vendorNoticePartition, notice);
}

export interface Receipt {
  outcome: NoticeOutcome;
  sentAt?: string;
  messageId?: string;
}

function sendOnce(partition: string, notice: Notice): Promise<Receipt> {
  const { kind, subjectId, subject } = notice;
  const recipients = notice.logAddresses === false ? notice.recipients.map(({ role }) => ({ role })) : notice.recipients;
  return once(partition, { kind, subjectId, subject, recipients }, () => deliver(notice));
}

function receiptOf(outcome: NoticeOutcome, record: Record<string, unknown> | undefined): Receipt {
  const messageId = (record?.deliveries as { messageId?: string }[] | undefined)?.find((d) => d.messageId !== undefined)?.messageId ?? (record?.messageId as string | undefined);
  const sentAt = record?.sentAt as string | undefined;
  return { outcome, ...(sentAt ? { sentAt } : {}), ...(messageId ? { messageId } : {}) };
}

/**
 * Any other side effect once per (kind, subject) in a tenant's log: a topic message, an SMS.
 * `act` returns what to record of it (e.g. the message id).
 */
export async function actOnce(scope: TenantScope, kind: string, subjectId: string, act: () => Promise<Record<string, unknown>>): Promise<NoticeOutcome> {
  return actOnceIn(keys.noticePartition(scope.tenantId), kind, subjectId, act);
}

/**
 * The same in a partition the caller names (e.g. a maintenance's own, for its topic message): the
 * record is `<kind>#<subjectId>` there, with the same claim, lease and receipt.
 */
export async function actOnceIn(partition: string, kind: string, subjectId: string, act: () => Promise<Record<string, unknown>>): Promise<NoticeOutcome> {
  return (await once(partition, { kind, subjectId }, act)).outcome;
}

async function once(
  partition: string,
  record: { kind: string; subjectId: string } & Record<string, unknown>,
  act: () => Promise<Record<string, unknown>>,
): Promise<Receipt> {
  const wallClock = Date.now();
  const key = { pk: partition, sk: `${record.kind}#${record.subjectId}` };
  try {
    await documentClient.send(
      new PutCommand({
        TableName: runtime.tableName,
        Item: { ...key, type: 'notice', ...record, status: 'claimed', claimedAt: wallClock },
        ConditionExpression: 'attribute_not_exists(pk) OR (#status = :claimed AND claimedAt < :staleBefore)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':claimed': 'claimed', ':staleBefore': wallClock - CLAIM_LEASE_MS },
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    const { Item } = await documentClient.send(new GetCommand({ TableName: runtime.tableName, Key: key, ConsistentRead: true }));
    const outcome = Item?.status === 'sent' ? 'already-sent' : Item?.status === 'rejected' || Item?.status === 'suppressed' ? 'rejected' : 'in-flight';
    if (outcome === 'in-flight' && typeof Item?.claimedAt === 'number' && wallClock - Item.claimedAt > LIVE_SEND_MS) noteOwedNotice();
    return receiptOf(outcome, Item);
  }
  let outcome: Record<string, unknown>;
  try {
    outcome = await act();
  } catch (error) {
    // obligation: SEC-5 — every address is on the suppression list, or SES refuses this message
    // for good: nothing went out and nothing will. The record says why, once, and the notice counts
    // as settled (never retried, never blocking its run or its phase).
    if (error instanceof AllSuppressed) return settleRejected(key, 'suppressed', { suppressedAt: new Date().toISOString(), deliveries: error.skips });
    if (REJECTIONS.has((error as Error).name)) return settleRejected(key, 'rejected', { rejectedAt: new Date().toISOString(), rejection: (error as Error).name });
    // Nothing is known to have gone out: give the claim back so a retry sends at once.
    await documentClient
      .send(
        new DeleteCommand({
          TableName: runtime.tableName,
          Key: key,
          ConditionExpression: '#status = :claimed AND claimedAt = :ours',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':claimed': 'claimed', ':ours': wallClock },
        }),
      )
      .catch(() => undefined);
    throw error;
  }
  const names = Object.keys(outcome);
  const sentAt = new Date().toISOString();
  await documentClient.send(
    new UpdateCommand({
      TableName: runtime.tableName,
      Key: key,
      UpdateExpression: `SET #status = :sent, sentAt = :sentAt${names.map((_, i) => `, #o${i} = :o${i}`).join('')}`,
      ExpressionAttributeNames: { '#status': 'status', ...Object.fromEntries(names.map((n, i) => [`#o${i}`, n])) },
      ExpressionAttributeValues: { ':sent': 'sent', ':sentAt': sentAt, ...Object.fromEntries(names.map((n, i) => [`:o${i}`, outcome[n]])) },
    }),
  );
  return receiptOf('sent', { ...outcome, sentAt });
}

/** Every recipient of a notice is on the suppression list: what the record keeps of each skip. */
class AllSuppressed extends Error {
  override readonly name = 'AllSuppressed';
  constructor(readonly skips: Record<string, unknown>[]) {
    super('every recipient is suppressed');
  }
}

/** Marks a claimed notice as settled without a send: its status and why. */
async function settleRejected(key: { pk: string; sk: string }, status: 'suppressed' | 'rejected', fields: Record<string, unknown>): Promise<Receipt> {
  const names = Object.keys(fields);
  await documentClient.send(
    new UpdateCommand({
      TableName: runtime.tableName,
      Key: key,
      UpdateExpression: `SET #status = :status${names.map((_, i) => `, #f${i} = :f${i}`).join('')}`,
      ExpressionAttributeNames: { '#status': 'status', ...Object.fromEntries(names.map((n, i) => [`#f${i}`, n])) },
      ExpressionAttributeValues: { ':status': status, ...Object.fromEntries(names.map((n, i) => [`:f${i}`, fields[n]])) },
    }),
  );
  return { outcome: 'rejected' };
}

async function deliver(notice: Notice): Promise<Record<string, unknown>> {
  // One message per recipient: no contact sees another's address, and each delivery has its own SES id.
  const deliveries: Record<string, unknown>[] = [];
  let sent = 0;
  for (const recipient of notice.recipients) {
    const logged = notice.logAddresses === false ? { role: recipient.role } : { ...recipient };
    await notice.throttle?.();
    try {
      const messageId = await sendEmail({ ...notice, to: [recipient.address] });
      deliveries.push({ ...logged, messageId });
      sent++;
    } catch (error) {
      // obligation: SEC-5, TEN-5 — an address SES reported as bouncing for good or complaining gets
      // nothing more: the skip and its reason are recorded in its place, and the others still get theirs.
      if (!(error instanceof AddressSuppressed)) throw error;
      deliveries.push({ ...logged, skipped: 'suppressed', reason: error.reason });
    }
  }
  if (sent === 0 && deliveries.length > 0) throw new AllSuppressed(deliveries);
  return { deliveries };
}
