import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { documentClient } from '../clients/dynamodb.ts';
import { runtime } from '../config/runtime.ts';
import type { ContactRole } from '../http/schemas/tenant.ts';
import { keys } from '../store/keys.ts';
import type { TenantScope } from '../store/tenant-scope.ts';
import { sendEmail } from './email.ts';
import type { Email } from './email.ts';

/**
 * `in-flight`: another run holds a fresh claim (it is sending now, or crashed within the lease);
 * the notice is not known to be out yet.
 */
export type NoticeOutcome = 'sent' | 'already-sent' | 'in-flight';

/** A claim older than this is taken to be from a run that crashed before sending. */
export const CLAIM_LEASE_MS = 10 * 60_000;

export interface Notice extends Omit<Email, 'to'> {
  /** What the notice is about, e.g. `key-rotation`; with `subjectId` it makes the notice unique. */
  kind: string;
  subjectId: string;
  recipients: { role: ContactRole; address: string }[];
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
  const wallClock = Date.now();
  const key = { pk: keys.noticePartition(scope.tenantId), sk: `${notice.kind}#${notice.subjectId}` };
  try {
    await documentClient.send(
      new PutCommand({
        TableName: runtime.tableName,
        Item: {
          ...key,
          type: 'notice',
          kind: notice.kind,
          subjectId: notice.subjectId,
          status: 'claimed',
          claimedAt: wallClock,
          subject: notice.subject,
          recipients: notice.recipients,
        },
        ConditionExpression: 'attribute_not_exists(pk) OR (#status = :claimed AND claimedAt < :staleBefore)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':claimed': 'claimed', ':staleBefore': wallClock - CLAIM_LEASE_MS },
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    const { Item } = await documentClient.send(new GetCommand({ TableName: runtime.tableName, Key: key, ConsistentRead: true }));
    return Item?.status === 'sent' ? 'already-sent' : 'in-flight';
  }
  try {
    await deliver(notice, key);
  } catch (error) {
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
  return 'sent';
}

async function deliver(notice: Notice, key: { pk: string; sk: string }): Promise<void> {
  // One message per recipient: no contact sees another's address, and each delivery has its own SES id.
  const deliveries = [];
  for (const recipient of notice.recipients) {
    deliveries.push({ ...recipient, messageId: await sendEmail({ ...notice, to: [recipient.address] }) });
  }
  await documentClient.send(
    new UpdateCommand({
      TableName: runtime.tableName,
      Key: key,
      UpdateExpression: 'SET #status = :sent, sentAt = :sentAt, deliveries = :deliveries',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':sent': 'sent', ':sentAt': new Date().toISOString(), ':deliveries': deliveries },
    }),
  );
}
