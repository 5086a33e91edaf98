import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, withinPartitions } from '../clients/dynamodb.ts';
import { suppressionIndexKey } from '../clients/suppression-index-key.ts';
import { runtime } from '../config/runtime.ts';
import { suppressionIndex } from '../crypto/blind-index.ts';
import { keys } from '../store/keys.ts';

/**
 * The vendor-wide e-mail suppression list (docs/email.md). SES reports a permanent bounce or a
 * complaint through the configuration set's event destination; the bounce handler
 * (functions/events/email-feedback.ts) records the address here by its suppression index; the
 * outbox reads the list before each send and records a skip instead of sending.
 *
 * The partitions are the vendor's (`SUPPRESSED#<index>`): the functions that serve tenants read
 * them under their own role (GetItem on these partitions only), the handler writes them.
 */
export const SUPPRESSION_PARTITIONS = keys.emailSuppressionPartitions;

/** Why an address is suppressed. */
export type SuppressionReason = 'permanent-bounce' | 'complaint';

/** One address an SES notification says to suppress, with its evidence. */
export interface Suppression {
  address: string;
  reason: SuppressionReason;
  /** The bounce sub-type (`General`, `NoEmail`, `OnAccountSuppressionList`…) or the complaint's feedback type. */
  detail?: string;
  /** When the receiving side reported it. */
  at: string;
  /** SES's id of the report: redelivering the same report changes nothing (SEC-5). */
  feedbackId: string;
  /** The SES message id of the e-mail that bounced or was complained about. */
  messageId?: string;
}

interface Recipient {
  emailAddress: string;
}

/**
 * An SES bounce or complaint as SNS delivers it: an event of a configuration set's event
 * destination (`eventType`), or an identity's feedback notification (`notificationType`).
 */
export interface SesNotification {
  eventType?: string;
  notificationType?: string;
  bounce?: { bounceType: string; bounceSubType?: string; bouncedRecipients: Recipient[]; timestamp: string; feedbackId: string };
  complaint?: { complainedRecipients: Recipient[]; timestamp: string; feedbackId: string; complaintFeedbackType?: string; complaintSubType?: string | null };
  mail?: { messageId?: string };
}

/** How addresses are compared: the address alone (a display name dropped), trimmed, lower case. */
export function normaliseAddress(address: string): string {
  const bracketed = /<([^<>]+)>\s*$/.exec(address);
  return (bracketed ? bracketed[1]! : address).trim().toLowerCase();
}

/**
 * obligation: SEC-5 — the addresses a notification suppresses. A permanent bounce suppresses each
 * bounced recipient (the mailbox does not exist, or SES's own list already holds it); a complaint
 * each complaining recipient, unless the report says `not-spam`. A transient bounce (mailbox full,
 * message too large, a receiver's brief refusal) and an undetermined one suppress nothing: the
 * next notice may well arrive. Anything else (a delivery, a send) is ignored.
 */
export function suppressionsIn(notification: SesNotification): Suppression[] {
  const type = notification.eventType ?? notification.notificationType;
  const messageId = notification.mail?.messageId;
  if (type === 'Bounce' && notification.bounce !== undefined) {
    const { bounceType, bounceSubType, bouncedRecipients, timestamp, feedbackId } = notification.bounce;
    if (bounceType !== 'Permanent') return [];
    return bouncedRecipients.map((r) => ({ address: normaliseAddress(r.emailAddress), reason: 'permanent-bounce', detail: bounceSubType, at: timestamp, feedbackId, messageId }));
  }
  if (type === 'Complaint' && notification.complaint !== undefined) {
    const { complainedRecipients, timestamp, feedbackId, complaintFeedbackType } = notification.complaint;
    if (complaintFeedbackType === 'not-spam') return [];
    return complainedRecipients.map((r) => ({ address: normaliseAddress(r.emailAddress), reason: 'complaint', detail: complaintFeedbackType, at: timestamp, feedbackId, messageId }));
  }
  return [];
}

async function keyOf(address: string) {
  return keys.emailSuppression(suppressionIndex(await suppressionIndexKey(), normaliseAddress(address)));
}

/**
 * Records each suppression: the first reason and time stay, later reports add their feedback id,
 * so a redelivered report (SNS delivers at least once) writes nothing new. The item holds no
 * address, only its index and the evidence.
 */
export async function recordSuppressions(suppressions: readonly Suppression[]): Promise<void> {
  for (const s of suppressions) {
    const key = await keyOf(s.address);
    await withinPartitions(SUPPRESSION_PARTITIONS, () =>
      documentClient.send(
        new UpdateCommand({
          TableName: runtime.tableName,
          Key: key,
          UpdateExpression:
            'SET #type = :type, reason = if_not_exists(reason, :reason), suppressedAt = if_not_exists(suppressedAt, :at), lastReportAt = :at, ' +
            'lastReason = :reason ADD feedbackIds :feedback' +
            (s.detail === undefined ? '' : ', details :detail'),
          ExpressionAttributeNames: { '#type': 'type' },
          ExpressionAttributeValues: {
            ':type': 'email-suppression',
            ':reason': s.reason,
            ':at': s.at,
            ':feedback': new Set([s.feedbackId]),
            ...(s.detail === undefined ? {} : { ':detail': new Set([s.detail]) }),
          },
        }),
      ),
    );
  }
}

/** Why `address` is suppressed, or `undefined` when mail may go to it. */
export async function suppressionOf(address: string): Promise<SuppressionReason | undefined> {
  const key = await keyOf(address);
  const { Item } = await withinPartitions(SUPPRESSION_PARTITIONS, () => documentClient.send(new GetCommand({ TableName: runtime.tableName, Key: key })));
  return Item?.reason as SuppressionReason | undefined;
}
