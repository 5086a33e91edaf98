import { credentialPepper } from '../clients/secrets.ts';
import { MAX_FAILED_CHECKS, checkCredentialCount, checksLeft, isLocked, normaliseCredential } from '../domain/credential.ts';
import type { TenantAuth } from '../http/auth.ts';
import { Problem } from '../http/problem.ts';
import type { CredentialView, SetCredentialInput } from '../model/credential.ts';
import { recordAudit } from '../store/audit.ts';
import { CREDENTIAL_CHECK, CREDENTIAL_SUBJECT_LIVE, CREDENTIAL_SUBJECT_PROCESSABLE, CREDENTIAL_WRITE, credentialRepository } from '../store/credentials.ts';
import type { StoredCredential } from '../store/credentials.ts';
import type { TenantScope } from '../store/tenant-scope.ts';
import type { ConditionFailed, UnitOfWork } from '../store/unit-of-work.ts';
import { credentialMatches, hashCredential } from './credential-hash.ts';
import { auditRead } from './read-audit.ts';
import { requireSubject } from './subjects.ts';

/*
 * obligation: DAT-9 — a data subject's credentials (a cashier's PIN for the till, a password):
 * set, checked, listed and cleared through their own routes, kept only as a slow salted hash
 * (shared/services/credential-hash.ts). Neither the value nor the hash is ever answered, logged,
 * audited (field names only), versioned, exported or kept in an idempotency record.
 */

/** The audit trail's entity: the subject's id, and the credential by name among the fields (AUD-1). */
const ENTITY = 'subject-credential';
const fieldOf = (name: string) => `credentials.${name}`;

const NO_SUCH_CREDENTIAL = 'The data subject has no credential of this name';

function locked(): Problem {
  return new Problem('credentialLocked', `Locked after ${MAX_FAILED_CHECKS} failed checks in a row: set a new value to unlock it (DAT-9)`);
}

/** obligation: DAT-9 — what the API shows of a credential: that it is set, when, by whom, and its checks. */
export function viewOfCredential(stored: StoredCredential): CredentialView {
  return {
    subjectId: stored.subjectId,
    name: stored.name,
    kind: stored.kind,
    setAt: stored.setAt,
    setBy: stored.setBy,
    failedChecks: stored.failedChecks,
    locked: isLocked(stored.failedChecks),
    ...(stored.lastFailedCheckAt === undefined ? {} : { lastFailedCheckAt: stored.lastFailedCheckAt }),
  };
}

async function requireCredential(scope: TenantScope, subjectId: string, name: string): Promise<StoredCredential> {
  const stored = await credentialRepository(scope).get(subjectId, name);
  if (!stored) throw new Problem('notFound', NO_SUCH_CREDENTIAL);
  return stored;
}

/** An erasure or restriction that won the race explains itself: 404/410 from the record, else 409 restricted. */
async function explainSubjectConflict(scope: TenantScope, subjectId: string, error: ConditionFailed): Promise<never> {
  if (error.label === CREDENTIAL_SUBJECT_LIVE) {
    await requireSubject(scope, subjectId);
    throw new Problem('conflict', 'The data subject changed meanwhile; retry');
  }
  if (error.label === CREDENTIAL_SUBJECT_PROCESSABLE) {
    await requireSubject(scope, subjectId);
    throw restricted();
  }
  throw error;
}

function restricted(): Problem {
  return new Problem('subjectRestricted', 'The data subject is restricted: its credentials are not checked until the restriction is lifted (DAT-4)');
}

/** obligation: DAT-9, AUD-1 — the subject's credentials: names, kinds, when set, checks; never a value or hash. */
export async function listCredentials(scope: TenantScope, subjectId: string, auth: TenantAuth, now: Date): Promise<{ items: CredentialView[] }> {
  await requireSubject(scope, subjectId);
  const items = await credentialRepository(scope).list(subjectId);
  if (items.length > 0) await auditRead(scope, { actor: auth.actor, entity: ENTITY, entityIds: [subjectId], fields: items.map((c) => fieldOf(c.name)), at: now });
  return { items: items.map(viewOfCredential) };
}

/**
 * obligation: DAT-9, AUD-1 — sets a credential, or replaces it (which unlocks it): the value is
 * hashed and forgotten. The subject must be live (an erasure committed meanwhile wins: 410); a
 * restricted subject's credential may be set and cleared (storage, like rectification), not checked.
 */
export async function setCredential(
  uow: UnitOfWork,
  scope: TenantScope,
  subjectId: string,
  name: string,
  input: SetCredentialInput,
  auth: TenantAuth,
  now: Date,
): Promise<{ credential: CredentialView; explainConflict: (error: ConditionFailed) => Promise<never> }> {
  await requireSubject(scope, subjectId);
  const repository = credentialRepository(scope);
  const existing = (await repository.list(subjectId)).map((c) => c.name);
  checkCredentialCount(existing, name);
  const hash = await hashCredential(await credentialPepper(), { tenantId: scope.tenantId, subjectId, name }, normaliseCredential(input.kind, input.value));
  const stored: StoredCredential = { subjectId, name, kind: input.kind, hash, setAt: now.toISOString(), setBy: auth.actor, failedChecks: 0 };
  repository.put(uow, stored);
  recordAudit(uow, scope, { actor: auth.actor, action: existing.includes(name) ? 'update' : 'create', entity: ENTITY, entityId: subjectId, fields: [fieldOf(name)], at: now });
  return { credential: viewOfCredential(stored), explainConflict: (error) => explainSubjectConflict(scope, subjectId, error) };
}

/**
 * obligation: DAT-9, DAT-4, AUD-1 — checks a presented value: match or no match, compared in
 * constant time. A locked credential answers 423 without being compared. Each answer holds only
 * if its write commits while the credential is still the one compared and unlocked: a failure is
 * counted (the limit reached, it locks), a match resets the count. So however many checks run at
 * once, no more than the limit of wrong guesses get an answer before the lock. The check is a
 * read of the subject's credential in the audit trail, once it has committed.
 */
export async function checkCredential(
  uow: UnitOfWork,
  scope: TenantScope,
  subjectId: string,
  name: string,
  value: string,
  auth: TenantAuth,
  now: Date,
): Promise<{ result: { match: boolean; checksLeft: number }; afterCommit: () => Promise<void>; explainConflict: (error: ConditionFailed) => Promise<never> }> {
  const { subject } = await requireSubject(scope, subjectId);
  if (subject.restriction) throw restricted();
  const repository = credentialRepository(scope);
  const stored = await requireCredential(scope, subjectId, name);
  if (isLocked(stored.failedChecks)) throw locked();
  const match = await credentialMatches(await credentialPepper(), { tenantId: scope.tenantId, subjectId, name }, normaliseCredential(stored.kind, value), stored.hash);
  if (match) repository.recordMatch(uow, stored, MAX_FAILED_CHECKS);
  else repository.recordFailure(uow, stored, MAX_FAILED_CHECKS, now);
  return {
    result: { match, checksLeft: match ? MAX_FAILED_CHECKS : checksLeft(stored.failedChecks + 1) },
    afterCommit: () => auditRead(scope, { actor: auth.actor, entity: ENTITY, entityIds: [subjectId], fields: [fieldOf(name)], at: now }),
    async explainConflict(error) {
      if (error.label !== CREDENTIAL_CHECK) return explainSubjectConflict(scope, subjectId, error);
      // Other checks locked it meanwhile, or it was cleared or set anew: the answer is not given.
      const current = await repository.get(subjectId, name);
      if (!current) throw new Problem('notFound', NO_SUCH_CREDENTIAL);
      if (isLocked(current.failedChecks)) throw locked();
      throw new Problem('conflict', 'The credential was set anew meanwhile; check again');
    },
  };
}

/** obligation: DAT-9, AUD-1 — clears a credential: its item (the hash) is deleted. */
export async function clearCredential(
  uow: UnitOfWork,
  scope: TenantScope,
  subjectId: string,
  name: string,
  auth: TenantAuth,
  now: Date,
): Promise<{ cleared: { subjectId: string; name: string; clearedAt: string }; explainConflict: (error: ConditionFailed) => Promise<never> }> {
  await requireSubject(scope, subjectId);
  const stored = await requireCredential(scope, subjectId, name);
  credentialRepository(scope).delete(uow, stored);
  recordAudit(uow, scope, { actor: auth.actor, action: 'delete', entity: ENTITY, entityId: subjectId, fields: [fieldOf(name)], at: now });
  return {
    cleared: { subjectId, name, clearedAt: now.toISOString() },
    async explainConflict(error) {
      if (error.label === CREDENTIAL_WRITE) throw new Problem('notFound', NO_SUCH_CREDENTIAL);
      throw error;
    },
  };
}
