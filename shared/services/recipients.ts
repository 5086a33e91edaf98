import type { TenantAuth } from '../http/auth.ts';
import { Problem } from '../http/problem.ts';
import type { CreateRecipientInput, Recipient, UpdateRecipientInput } from '../model/disclosure.ts';
import { newId } from '../ids.ts';
import { recordAudit } from '../store/audit.ts';
import { recipientRepository } from '../store/recipients.ts';
import type { TenantScope } from '../store/tenant-scope.ts';
import type { UnitOfWork } from '../store/unit-of-work.ts';

const FIELDS = ['name', 'kind', 'country', 'noticeEmail', 'language', 'active'] as const;

/** obligation: AUD-3 — a third party the tenant discloses data to, registered before the first disclosure. */
export function createRecipient(uow: UnitOfWork, scope: TenantScope, input: CreateRecipientInput, auth: TenantAuth, now: Date): Recipient {
  const at = now.toISOString();
  const recipient: Recipient = { id: newId(now), ...input, active: true, version: 1, createdAt: at, updatedAt: at };
  recipientRepository(scope).create(uow, recipient);
  recordAudit(uow, scope, { actor: auth.actor, action: 'create', entity: 'recipient', entityId: recipient.id, fields: [...FIELDS], at: now });
  return recipient;
}

export async function requireRecipient(scope: TenantScope, recipientId: string): Promise<Recipient> {
  const recipient = await recipientRepository(scope).get(recipientId);
  if (!recipient) throw new Problem('notFound', 'No such recipient');
  return recipient;
}

export function listRecipients(scope: TenantScope, limit: number, cursor: string | undefined) {
  return recipientRepository(scope).list(limit, cursor);
}

/**
 * obligation: AUD-3 — a recipient is changed, or deactivated, never deleted: the disclosure log
 * keeps naming it. A deactivated recipient takes no new disclosures and gets no Art. 19 notices.
 */
export async function updateRecipient(
  uow: UnitOfWork,
  scope: TenantScope,
  recipientId: string,
  update: UpdateRecipientInput,
  expectedVersion: number,
  auth: TenantAuth,
  now: Date,
): Promise<Recipient> {
  const before = await requireRecipient(scope, recipientId);
  if (before.version !== expectedVersion) throw new Problem('preconditionFailed', `The recipient is at version ${before.version}; read it again`);
  const changed = FIELDS.filter((f) => update[f] !== undefined && update[f] !== before[f]);
  if (changed.length === 0) return before;
  const next: Recipient = { ...before, ...update, version: before.version + 1, updatedAt: now.toISOString() };
  recipientRepository(scope).replace(uow, next, before.version);
  recordAudit(uow, scope, { actor: auth.actor, action: 'update', entity: 'recipient', entityId: recipientId, fields: changed, at: now });
  return next;
}
