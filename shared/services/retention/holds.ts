import type { OperatorAuth, TenantAuth } from '../../http/auth.ts';
import { Problem } from '../../http/problem.ts';
import type { LegalHold } from '../../model/retention.ts';
import { newId } from '../../ids.ts';
import { recordAudit } from '../../store/audit.ts';
import { HOLD_CHECK, retentionRepository } from '../../store/retention.ts';
import { subjectRepository } from '../../store/subjects.ts';
import type { TenantScope } from '../../store/tenant-scope.ts';
import type { ConditionFailed, UnitOfWork } from '../../store/unit-of-work.ts';
import { requireTenant } from '../tenants.ts';

type Placer = LegalHold['placedBy'];

const placerOf = (auth: TenantAuth | OperatorAuth): Placer => (auth.kind === 'operator' ? 'operator' : 'tenant');

/**
 * obligation: RET-3 — a legal hold with its reason: on one subject (tenant only), or on all the
 * tenant's data (tenant or operator). Held data is never purged; a subject is held at most once.
 */
export async function placeHold(
  uow: UnitOfWork,
  scope: TenantScope,
  input: { subjectId?: string; reason: string },
  auth: TenantAuth | OperatorAuth,
  now: Date,
): Promise<LegalHold> {
  if (auth.kind === 'operator') await requireTenant(scope);
  if (input.subjectId !== undefined) {
    const stored = await subjectRepository(scope).get(input.subjectId);
    if (!stored) throw new Problem('notFound', 'No such data subject');
    if (stored.kind === 'tombstone') throw new Problem('gone', `Erased at ${stored.tombstone.erasedAt}`);
  }
  const hold: LegalHold = {
    id: newId(now),
    scope: input.subjectId === undefined ? 'tenant' : 'subject',
    ...(input.subjectId === undefined ? {} : { subjectId: input.subjectId }),
    placedBy: placerOf(auth),
    reason: input.reason,
    placedAt: now.toISOString(),
    actor: auth.actor,
    status: 'active',
  };
  retentionRepository(scope).placeHold(uow, hold);
  recordAudit(uow, scope, { actor: auth.actor, action: 'create', entity: 'legal-hold', entityId: hold.id, fields: ['scope', 'reason', ...(hold.subjectId ? ['subjectId'] : [])], at: now });
  return hold;
}

/** What an erasure a hold blocks answers: no personal value, only what to do. */
export const UNDER_HOLD = 'The data subject is under a legal hold (its own or one on all the tenant’s data): its data must be kept, and it can be erased once the hold is lifted; nothing was changed';

/** obligation: DAT-7, RET-3 — the hold wins over the immediate deletion of a child's data too (decision 152). */
export const UNDER_HOLD_UNDER_13 =
  'The data subject is under a legal hold (its own or one on all the tenant’s data): a legal duty to preserve comes before the deletion of a child’s data, so it cannot be erased until the hold is lifted; restrict its processing meanwhile and mark it again then; nothing was changed';

/**
 * obligation: RET-3 — an erasure yields to a legal hold, a legal duty to preserve: refused at
 * once when the subject or the whole tenant is held, and made to depend on the same hold
 * condition as every purge change (HOLD_CHECK), so a hold placed meanwhile still wins.
 */
export async function refuseWhileHeld(uow: UnitOfWork, scope: TenantScope, subjectId: string, detail = UNDER_HOLD): Promise<void> {
  const repository = retentionRepository(scope);
  const holds = await repository.holdSummary();
  if (holds.tenantHolds > 0 || holds.heldSubjects.has(subjectId)) throw new Problem('conflict', detail);
  repository.notHeld(uow, subjectId);
}

/** A hold placed between the check and the commit: the same answer as one found before. */
export async function explainHoldRefusal(error: ConditionFailed, detail = UNDER_HOLD): Promise<never> {
  if (error.label === HOLD_CHECK) throw new Problem('conflict', detail);
  throw error;
}

/** A second hold on a held subject is refused, naming the field. */
export async function explainHoldConflict(error: ConditionFailed): Promise<never> {
  if (error.label === 'subject-already-held') throw new Problem('conflict', 'The data subject is already under an active legal hold: lift it or keep it');
  throw error;
}

/** obligation: RET-3 — lifted with a reason, by whoever placed it (tenant or operator); the record stays. */
export async function liftHold(uow: UnitOfWork, scope: TenantScope, holdId: string, reason: string, auth: TenantAuth | OperatorAuth, now: Date): Promise<LegalHold> {
  const hold = await retentionRepository(scope).hold(holdId);
  if (!hold || hold.placedBy !== placerOf(auth)) throw new Problem('notFound', 'No such legal hold');
  if (hold.status !== 'active') throw new Problem('conflict', `The legal hold was lifted at ${hold.lifted?.at}`);
  const lifted: LegalHold = { ...hold, status: 'lifted', lifted: { at: now.toISOString(), reason, actor: auth.actor } };
  retentionRepository(scope).liftHold(uow, lifted);
  recordAudit(uow, scope, { actor: auth.actor, action: 'update', entity: 'legal-hold', entityId: hold.id, fields: ['status', 'lifted'], at: now });
  return lifted;
}

/** Holds, oldest first; the operator sees only its own, the tenant sees all (it is their data). */
export async function listHolds(scope: TenantScope, limit: number, cursor: string | undefined, placedBy?: Placer) {
  if (placedBy === 'operator') await requireTenant(scope);
  const page = await retentionRepository(scope).holds(limit, cursor);
  return { ...page, items: placedBy === undefined ? page.items : page.items.filter((h) => h.placedBy === placedBy) };
}
