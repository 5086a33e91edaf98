import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../clients/dynamodb.ts';
import { runtime } from '../config/runtime.ts';
import type { MailCount } from '../domain/privacy-requests/intake.ts';
import type { RequestType } from '../domain/privacy-requests/lifecycle.ts';
import type { Language } from '../model/tenant.ts';
import { keys } from './keys.ts';
import { TABLE } from './table.ts';
import type { TenantScope } from './tenant-scope.ts';
import type { UnitOfWork } from './unit-of-work.ts';

/**
 * obligation: DSR-8 — a form sent to the vendor's intake, waiting for its sender to confirm the
 * address. It holds what forwarding needs and no more (type, language, address, message, the
 * address's blind index); confirming moves the address and message into the tenant's request and
 * leaves here only the request's id and deadline, so that a second click shows the same page.
 * The item goes at the link's expiry, confirmed or not (`ttl`); readers go by `expiresAt`.
 */
export interface PendingIntake {
  id: string;
  type: RequestType;
  language: Language;
  requesterHmac: string;
  state: 'pending' | 'confirmed';
  /** Kept only while pending. */
  email?: string;
  message?: string;
  createdAt: string;
  expiresAt: string;
  /** Once confirmed: the tenant's request it became (or was folded into), and that request's last day. */
  requestId?: string;
  dueOn?: string;
  confirmedAt?: string;
}

/** Labels of the writes, so a failed condition says which. */
export const INTAKE_WRITE = 'privacy-request-intake';
export const INTAKE_MAILS_WRITE = 'privacy-request-intake-mails';

const ITEM_TYPE = 'privacy-request-intake';
const MAILS_TYPE = 'privacy-request-intake-mails';
/** Item types that are the vendor's own working state, not the tenant's data (left out of its export). */
export const INTAKE_ITEM_TYPES = [ITEM_TYPE, MAILS_TYPE] as const;

const epochSeconds = (iso: string | Date) => Math.floor(new Date(iso).getTime() / 1000);

export function privacyRequestIntakes(scope: TenantScope) {
  const t = scope.tenantId;

  return {
    /** A new pending form, in the caller's transaction. */
    create(uow: UnitOfWork, intake: PendingIntake): void {
      const { type, ...rest } = intake;
      uow.put(INTAKE_WRITE, {
        Item: { ...keys.privacyRequestIntake(t, intake.id), type: ITEM_TYPE, requestType: type, ...rest, [TABLE.ttlAttribute]: epochSeconds(intake.expiresAt) },
        ConditionExpression: 'attribute_not_exists(pk)',
      });
    },

    async get(intakeId: string): Promise<PendingIntake | undefined> {
      const { Item } = await documentClient.send(new GetCommand({ TableName: runtime.tableName, Key: keys.privacyRequestIntake(t, intakeId), ConsistentRead: true }));
      if (!Item) return undefined;
      const { pk: _pk, sk: _sk, type: _type, [TABLE.ttlAttribute]: _ttl, requestType, ...rest } = Item;
      return { ...rest, type: requestType } as PendingIntake;
    },

    /**
     * obligation: DSR-8, SEC-5 — the form becomes confirmed once: only from `pending`, before its
     * link expires. The address and message leave it in the same write (they are in the request now).
     */
    confirm(uow: UnitOfWork, intakeId: string, outcome: { requestId: string; dueOn: string }, now: Date): void {
      uow.update(INTAKE_WRITE, {
        Key: keys.privacyRequestIntake(t, intakeId),
        UpdateExpression: 'SET #state = :confirmed, #requestId = :requestId, #dueOn = :dueOn, #confirmedAt = :now REMOVE #email, #message',
        ConditionExpression: '#state = :pending AND #expiresAt > :now',
        ExpressionAttributeNames: {
          '#state': 'state',
          '#requestId': 'requestId',
          '#dueOn': 'dueOn',
          '#confirmedAt': 'confirmedAt',
          '#email': 'email',
          '#message': 'message',
          '#expiresAt': 'expiresAt',
        },
        ExpressionAttributeValues: { ':confirmed': 'confirmed', ':pending': 'pending', ':requestId': outcome.requestId, ':dueOn': outcome.dueOn, ':now': now.toISOString() },
      });
    },

    /** Confirmation e-mails the address (by its blind index) got from this tenant's form in its current day. */
    async mailCount(requesterHmac: string): Promise<MailCount | undefined> {
      const { Item } = await documentClient.send(
        new GetCommand({ TableName: runtime.tableName, Key: keys.privacyRequestIntakeMails(t, requesterHmac), ConsistentRead: true }),
      );
      return Item ? { count: Item.count as number, since: Item.since as string } : undefined;
    },

    /** One more e-mail counted, if nobody counted one since `before` was read. */
    countMail(uow: UnitOfWork, requesterHmac: string, before: MailCount | undefined, after: MailCount, endsAt: Date): void {
      uow.put(INTAKE_MAILS_WRITE, {
        Item: { ...keys.privacyRequestIntakeMails(t, requesterHmac), type: MAILS_TYPE, count: after.count, since: after.since, [TABLE.ttlAttribute]: epochSeconds(endsAt) },
        ...(before === undefined
          ? { ConditionExpression: 'attribute_not_exists(pk)' }
          : {
              ConditionExpression: '#count = :count AND #since = :since',
              ExpressionAttributeNames: { '#count': 'count', '#since': 'since' },
              ExpressionAttributeValues: { ':count': before.count, ':since': before.since },
            }),
      });
    },
  };
}
