import { formatApiKey, hashSecret, keyStatus, newSecret, rotationDue } from '../domain/api-key.ts';
import { runtime } from '../config/runtime.ts';
import type { OperatorAuth, TenantAuth } from '../http/auth.ts';
import { Problem } from '../http/problem.ts';
import type { ApiKeyView, CreateApiKeyInput } from '../model/api-key.ts';
import { newId } from '../ids.ts';
import { apiKeyRepository } from '../store/api-keys.ts';
import type { ApiKeyRecord } from '../store/api-keys.ts';
import { recordAudit } from '../store/audit.ts';
import type { TenantScope } from '../store/tenant-scope.ts';
import type { UnitOfWork } from '../store/unit-of-work.ts';
import { oweAuthorizerFlush } from './authorizer-cache.ts';

type Actor = TenantAuth | OperatorAuth;

export function viewOf(record: ApiKeyRecord, now: Date): ApiKeyView {
  return {
    id: record.id,
    name: record.name,
    scopes: record.scopes,
    createdAt: record.createdAt,
    createdBy: record.createdBy,
    ...(record.expiresAt === undefined ? {} : { expiresAt: record.expiresAt }),
    ...(record.revokedAt === undefined ? {} : { revokedAt: record.revokedAt }),
    ...(record.rotatedFrom === undefined ? {} : { rotatedFrom: record.rotatedFrom }),
    status: keyStatus(record, now),
    rotationDue: rotationDue(record, now, runtime.apiKeyMaxAgeDays),
  };
}

function issue(
  uow: UnitOfWork,
  scope: TenantScope,
  fields: { name: string; scopes: ApiKeyRecord['scopes']; rotatedFrom?: string },
  actor: Actor,
  now: Date,
): ApiKeyView & { secret: string } {
  const id = newId(now);
  const secret = newSecret();
  const record: Omit<ApiKeyRecord, 'tenantId'> = {
    id,
    name: fields.name,
    scopes: fields.scopes,
    secretHash: hashSecret(secret),
    createdAt: now.toISOString(),
    createdBy: actor.actor,
    ...(fields.rotatedFrom === undefined ? {} : { rotatedFrom: fields.rotatedFrom }),
  };
  apiKeyRepository(scope).create(uow, record);
  recordAudit(uow, scope, { actor: actor.actor, action: 'create', entity: 'api-key', entityId: id, fields: ['scopes'], at: now });
  return { ...viewOf({ ...record, tenantId: scope.tenantId }, now), secret: formatApiKey(scope.tenantId, id, secret) };
}

/** obligation: TEN-2 — the secret is returned here once and stored only as a hash. */
export function createApiKey(uow: UnitOfWork, scope: TenantScope, input: CreateApiKeyInput, actor: Actor, now: Date) {
  return issue(uow, scope, input, actor, now);
}

async function requireKey(scope: TenantScope, keyId: string): Promise<ApiKeyRecord> {
  const record = await apiKeyRepository(scope).get(keyId);
  if (!record) throw new Problem('notFound', 'No such API key');
  return record;
}

/**
 * obligation: TEN-2 — rotation issues a new secret with the same name and scopes; the old key
 * keeps working for the grace period so devices can switch, then stops.
 */
export async function rotateApiKey(
  uow: UnitOfWork,
  scope: TenantScope,
  keyId: string,
  gracePeriodHours: number,
  actor: Actor,
  now: Date,
) {
  const old = await requireKey(scope, keyId);
  if (keyStatus(old, now) !== 'active') {
    throw new Problem('conflict', `The key is ${keyStatus(old, now)}: only an active key can be rotated`);
  }
  const issued = issue(uow, scope, { name: old.name, scopes: old.scopes, rotatedFrom: old.id }, actor, now);
  const expiresAt = new Date(now.getTime() + gracePeriodHours * 3_600_000).toISOString();
  apiKeyRepository(scope).markRotated(uow, old.id, issued.id, expiresAt);
  recordAudit(uow, scope, { actor: actor.actor, action: 'update', entity: 'api-key', entityId: old.id, fields: ['expiresAt'], at: now });
  return issued;
}

/**
 * obligation: TEN-2 — revocation takes effect at once: the authorizer cache is flushed after the
 * commit, and a flush that fails stays owed (recorded in the revocation's own transaction) until
 * the next flushing invocation pays it. The answer does not wait for that: the key is revoked.
 */
export async function revokeApiKey(uow: UnitOfWork, scope: TenantScope, keyId: string, actor: Actor, now: Date) {
  const record = await requireKey(scope, keyId);
  if (record.revokedAt !== undefined) throw new Problem('conflict', 'The key is already revoked');
  apiKeyRepository(scope).revoke(uow, keyId, now.toISOString(), actor.actor);
  recordAudit(uow, scope, { actor: actor.actor, action: 'delete', entity: 'api-key', entityId: keyId, fields: ['revokedAt'], at: now });
  const flush = oweAuthorizerFlush(uow, scope, now);
  return {
    key: viewOf({ ...record, revokedAt: now.toISOString(), revokedBy: actor.actor }, now),
    afterCommit: async () => void (await flush()),
  };
}

export async function listApiKeys(scope: TenantScope, limit: number, cursor: string | undefined, now: Date) {
  const { items, nextCursor } = await apiKeyRepository(scope).list(limit, cursor);
  return { items: items.map((r) => viewOf(r, now)), ...(nextCursor === undefined ? {} : { nextCursor }) };
}
