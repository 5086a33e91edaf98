import type { TenantAuth } from '../http/auth.ts';
import { MAX_LOOKUP_VALUES } from '../domain/subject.ts';
import { Problem } from '../http/problem.ts';
import type { Tombstone } from '../model/subject.ts';
import { recordAudit } from '../store/audit.ts';
import { subjectRepository } from '../store/subjects.ts';
import type { StoredSubject } from '../store/subjects.ts';
import type { TenantScope } from '../store/tenant-scope.ts';
import type { ConditionFailed, UnitOfWork } from '../store/unit-of-work.ts';
import { deleteSubjectExports } from './exports/subject-erasure.ts';
import { UNDER_HOLD, UNDER_HOLD_UNDER_13, explainHoldRefusal, refuseWhileHeld } from './retention/holds.ts';
import { fieldsOf } from './subjects.ts';

/*
 * Erasure apart from the other subject services: it reaches the export bucket and the legal holds,
 * which the functions that only read subjects or capture time need not load.
 */

/**
 * obligation: DSR-6 — what follows an erasure's commit, wherever it was decided (a request, a
 * route, the purge) or cut short: the subject's unexpired exports first, while their records are
 * still in the partition, then its versions and captured records. Idempotent.
 */
export async function finishErasure(scope: TenantScope, subjectId: string): Promise<{ exportsDeleted: number; itemsDeleted: number }> {
  const exportsDeleted = await deleteSubjectExports(scope, subjectId);
  const itemsDeleted = await subjectRepository(scope).deleteRemains(subjectId);
  return { exportsDeleted, itemsDeleted };
}

/**
 * obligation: DAT-1, DAT-7, DSR-6, RET-3 — erasure: the record becomes a non-personal tombstone
 * and its lookups go, in one transaction with the audit entry and the legal-hold condition; its
 * versions and captured records are deleted right after the commit. A held subject (its own hold
 * or a tenant-wide one) is refused with 409 and nothing changes; `explainConflict` gives the
 * same answer for a hold placed before the commit. Erasing an erased subject answers with its
 * tombstone.
 */
export async function eraseSubject(
  uow: UnitOfWork,
  scope: TenantScope,
  subjectId: string,
  reason: Tombstone['reason'],
  auth: TenantAuth,
  now: Date,
  loaded?: StoredSubject,
): Promise<{ tombstone: Tombstone; afterCommit: () => Promise<void>; explainConflict: (error: ConditionFailed) => Promise<never> }> {
  const repository = subjectRepository(scope);
  const stored = loaded ?? (await repository.get(subjectId));
  if (!stored) throw new Problem('notFound', 'No such data subject');
  const finish = async () => void (await finishErasure(scope, subjectId));
  const underHold = reason === 'under-13' ? UNDER_HOLD_UNDER_13 : UNDER_HOLD;
  const explainConflict = (error: ConditionFailed) => explainHoldRefusal(error, underHold);
  if (stored.kind === 'tombstone') return { tombstone: stored.tombstone, afterCommit: stored.erasing ? finish : async () => {}, explainConflict };
  await refuseWhileHeld(uow, scope, subjectId, underHold);
  const tombstone: Tombstone = { id: subjectId, erasedAt: now.toISOString(), reason };
  repository.erase(uow, await repository.shedLookups(stored, MAX_LOOKUP_VALUES), tombstone, now);
  recordAudit(uow, scope, { actor: auth.actor, action: 'delete', entity: 'subject', entityId: subjectId, fields: fieldsOf(stored.subject), at: now });
  return { tombstone, afterCommit: finish, explainConflict };
}
