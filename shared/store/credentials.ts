import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../clients/dynamodb.ts';
import { runtime } from '../config/runtime.ts';
import type { CredentialKind } from '../domain/credential.ts';
import { withoutStorage } from './item.ts';
import { keys } from './keys.ts';
import { TABLE_KEY_ATTRIBUTES, queryAll } from './query.ts';
import { TABLE } from './table.ts';
import type { TenantScope } from './tenant-scope.ts';
import type { UnitOfWork } from './unit-of-work.ts';

/**
 * obligation: DAT-9 — a credential as stored: the hash (salt and parameters inside it), never the
 * value. `hash` is also a name every export leaves out (shared/services/exports/contents.ts).
 */
export interface StoredCredential {
  subjectId: string;
  name: string;
  kind: CredentialKind;
  hash: string;
  setAt: string;
  setBy: string;
  /** Failed checks in a row since it was set or last matched. */
  failedChecks: number;
  lastFailedCheckAt?: string;
}

/** Labels of the writes, so a failed condition says which. */
export const CREDENTIAL_WRITE = 'credential';
export const CREDENTIAL_CHECK = 'credential-check';
/** The subject must still be a live record (not erased) when a credential is set. */
export const CREDENTIAL_SUBJECT_LIVE = 'credential-subject-live';
/** The subject must be live and not restricted when a credential is checked (DAT-4). */
export const CREDENTIAL_SUBJECT_PROCESSABLE = 'credential-subject-processable';

const TYPE = 'subject-credential';

function fromItem(item: Record<string, unknown>): StoredCredential {
  return withoutStorage(item) as unknown as StoredCredential;
}

/**
 * Credentials of one tenant's subjects: one item each in the subject's partition
 * (`CREDENTIAL#<name>`), beside the record, its versions and its consents — never inside the
 * record, so no version, history, `asOf` read or audit entry carries one.
 */
export function credentialRepository(scope: TenantScope) {
  const t = scope.tenantId;

  /** The transaction holds only while the stored credential is still the one that was checked, and unlocked. */
  const unchangedAndOpen = (stored: StoredCredential, maxFailedChecks: number) => ({
    ConditionExpression: '#hash = :hash AND #failed < :max',
    ExpressionAttributeNames: { '#hash': 'hash', '#failed': 'failedChecks' },
    ExpressionAttributeValues: { ':hash': stored.hash, ':max': maxFailedChecks },
  });

  function subjectProcessable(uow: UnitOfWork, subjectId: string): void {
    uow.conditionCheck(CREDENTIAL_SUBJECT_PROCESSABLE, {
      Key: keys.subject(t, subjectId),
      ConditionExpression: '#type = :subject AND attribute_not_exists(restriction)',
      ExpressionAttributeNames: { '#type': 'type' },
      ExpressionAttributeValues: { ':subject': 'subject' },
    });
  }

  return {
    async get(subjectId: string, name: string): Promise<StoredCredential | undefined> {
      const { Item } = await documentClient.send(new GetCommand({ TableName: runtime.tableName, Key: keys.credential(t, subjectId, name), ConsistentRead: true }));
      return Item ? fromItem(Item) : undefined;
    },

    /** The subject's credentials, by name (at most a handful: one short query). */
    async list(subjectId: string): Promise<StoredCredential[]> {
      const items: StoredCredential[] = [];
      for await (const item of queryAll({
        partitionAttribute: TABLE.partitionKey,
        partitionValue: keys.subjectPartition(t, subjectId),
        keyAttributes: TABLE_KEY_ATTRIBUTES,
        sortKeyPrefix: { attribute: TABLE.sortKey, prefix: keys.credentialPrefix },
      })) {
        items.push(fromItem(item));
      }
      return items;
    },

    /** Sets (or replaces, unlocking) a credential, while the subject is a live record. */
    put(uow: UnitOfWork, credential: StoredCredential): void {
      uow.conditionCheck(CREDENTIAL_SUBJECT_LIVE, {
        Key: keys.subject(t, credential.subjectId),
        ConditionExpression: '#type = :subject',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: { ':subject': 'subject' },
      });
      uow.put(CREDENTIAL_WRITE, { Item: { ...keys.credential(t, credential.subjectId, credential.name), type: TYPE, ...credential } });
    },

    /**
     * obligation: DAT-9 — a failed check counts, atomically: concurrent checks cannot get past the
     * limit, because each holds only while fewer than `maxFailedChecks` are counted at commit.
     */
    recordFailure(uow: UnitOfWork, stored: StoredCredential, maxFailedChecks: number, now: Date): void {
      subjectProcessable(uow, stored.subjectId);
      const condition = unchangedAndOpen(stored, maxFailedChecks);
      uow.update(CREDENTIAL_CHECK, {
        Key: keys.credential(t, stored.subjectId, stored.name),
        UpdateExpression: 'ADD #failed :one SET #last = :now',
        ConditionExpression: condition.ConditionExpression,
        ExpressionAttributeNames: { ...condition.ExpressionAttributeNames, '#last': 'lastFailedCheckAt' },
        ExpressionAttributeValues: { ...condition.ExpressionAttributeValues, ':one': 1, ':now': now.toISOString() },
      });
    },

    /**
     * obligation: DAT-9 — a match holds only if the credential is still unlocked at commit (so a
     * burst of concurrent guesses gets no answer past the limit), and resets the count.
     */
    recordMatch(uow: UnitOfWork, stored: StoredCredential, maxFailedChecks: number): void {
      subjectProcessable(uow, stored.subjectId);
      const key = keys.credential(t, stored.subjectId, stored.name);
      if (stored.failedChecks === 0) {
        uow.conditionCheck(CREDENTIAL_CHECK, { Key: key, ...unchangedAndOpen(stored, maxFailedChecks) });
        return;
      }
      const condition = unchangedAndOpen(stored, maxFailedChecks);
      uow.update(CREDENTIAL_CHECK, {
        Key: key,
        UpdateExpression: 'SET #failed = :zero REMOVE #last',
        ConditionExpression: condition.ConditionExpression,
        ExpressionAttributeNames: { ...condition.ExpressionAttributeNames, '#last': 'lastFailedCheckAt' },
        ExpressionAttributeValues: { ...condition.ExpressionAttributeValues, ':zero': 0 },
      });
    },

    delete(uow: UnitOfWork, stored: StoredCredential): void {
      uow.delete(CREDENTIAL_WRITE, {
        Key: keys.credential(t, stored.subjectId, stored.name),
        ConditionExpression: 'attribute_exists(pk)',
      });
    },
  };
}
