import { blindIndexSecret } from '../clients/secrets.ts';
import { blindIndex } from '../crypto/blind-index.ts';
import { liftRestriction, lookupValues, newSubject, normaliseLookup, rectify, restrict } from '../domain/subject.ts';
import type { LookupKind } from '../domain/subject.ts';
import type { TenantAuth } from '../http/auth.ts';
import { Problem } from '../http/problem.ts';
import { viewOfSubject } from '../model/subject.ts';
import type { CreateSubjectInput, Subject, SubjectView, Tombstone, UpdateSubjectInput } from '../model/subject.ts';
import { newId } from '../ids.ts';
import { recordAudit } from '../store/audit.ts';
import { subjectRepository } from '../store/subjects.ts';
import type { LookupEntry } from '../store/subjects.ts';
import type { TenantScope } from '../store/tenant-scope.ts';
import type { UnitOfWork } from '../store/unit-of-work.ts';
import { auditRead } from './read-audit.ts';

/** Field names of a subject for the audit trail: which sets, never their values (AUD-1). */
export function fieldsOf(subject: Subject): string[] {
  return ['category', 'endUser', ...subject.attributeSets.map((s) => `attributeSets.${s.name}`)];
}

async function lookupsOf(scope: TenantScope, subject: Pick<Subject, 'attributeSets'>): Promise<LookupEntry[]> {
  const secret = await blindIndexSecret();
  return lookupValues(subject).map(({ kind, value }) => ({ kind, hmac: blindIndex(secret, scope.tenantId, kind, value) }));
}

/** The live subject, or the right problem: 404 when unknown, 410 when erased. */
export async function requireSubject(scope: TenantScope, subjectId: string) {
  const stored = await subjectRepository(scope).get(subjectId);
  if (!stored) throw new Problem('notFound', 'No such data subject');
  if (stored.kind === 'tombstone') throw new Problem('gone', `Erased at ${stored.tombstone.erasedAt}`);
  return stored;
}

/** obligation: DAT-1, DAT-2, DAT-3 — create, with legal bases and the special-category rule. */
export async function createSubject(uow: UnitOfWork, scope: TenantScope, input: CreateSubjectInput, auth: TenantAuth, now: Date) {
  const subject = newSubject(input, { id: newId(now), now });
  subjectRepository(scope).create(uow, subject, await lookupsOf(scope, subject), { actor: auth.actor, changed: fieldsOf(subject), now });
  recordAudit(uow, scope, { actor: auth.actor, action: 'create', entity: 'subject', entityId: subject.id, fields: fieldsOf(subject), at: now });
  return viewOfSubject(subject);
}

export async function readSubject(scope: TenantScope, subjectId: string, asOf: Date | undefined, auth: TenantAuth, now: Date) {
  let subject: Subject;
  if (asOf === undefined) {
    subject = (await requireSubject(scope, subjectId)).subject;
  } else {
    // obligation: DAT-5 — the record as it was at `asOf`, from its history; an erased subject's
    // history may still await deletion, so the tombstone is checked first.
    await requireSubject(scope, subjectId);
    const then = await subjectRepository(scope).asOf(subjectId, asOf);
    if (!then) throw new Problem('notFound', 'The data subject did not exist at that time, or is erased');
    subject = then;
  }
  await auditRead(scope, { actor: auth.actor, entity: 'subject', entityIds: [subject.id], fields: fieldsOf(subject), at: now });
  return viewOfSubject(subject);
}

/** A change's outcome: the record as it now reads, and the names of what changed (none: unchanged). */
export interface SubjectChange {
  subject: SubjectView;
  changed: string[];
}

/** The live subject as read before a change; a caller that already read it passes it in. */
type Loaded = Awaited<ReturnType<typeof requireSubject>>;

async function change(
  uow: UnitOfWork,
  scope: TenantScope,
  subjectId: string,
  expectedVersion: number | undefined,
  apply: (subject: Subject, at: Date) => { subject: Subject; changed: string[] },
  auth: TenantAuth,
  now: Date,
  loaded?: Loaded,
): Promise<SubjectChange> {
  const before = loaded ?? (await requireSubject(scope, subjectId));
  if (expectedVersion !== undefined && before.subject.version !== expectedVersion) {
    throw new Problem('preconditionFailed', `The data subject is at version ${before.subject.version}; read it again`);
  }
  // obligation: DAT-5 — a version never takes effect before the one it replaces, even when this
  // request started earlier or this host's clock lags: `asOf` must find versions in order.
  const at = new Date(Math.max(now.getTime(), Date.parse(before.subject.updatedAt) + 1));
  const { subject, changed } = apply(before.subject, at);
  if (changed.length === 0) return { subject: viewOfSubject(before.subject), changed };
  subjectRepository(scope).replace(uow, before, subject, await lookupsOf(scope, subject), { actor: auth.actor, changed, now: at });
  recordAudit(uow, scope, { actor: auth.actor, action: 'update', entity: 'subject', entityId: subjectId, fields: changed, at });
  return { subject: viewOfSubject(subject), changed };
}

/** obligation: DAT-1, DAT-5 — rectification keeps the previous version with time and actor. */
export function rectifySubject(
  uow: UnitOfWork,
  scope: TenantScope,
  subjectId: string,
  update: UpdateSubjectInput,
  expectedVersion: number,
  auth: TenantAuth,
  now: Date,
  loaded?: Loaded,
) {
  return change(uow, scope, subjectId, expectedVersion, (s, at) => rectify(s, update, at), auth, now, loaded);
}

/** obligation: DAT-4 — restriction and its lifting take effect at once. */
export function restrictSubject(uow: UnitOfWork, scope: TenantScope, subjectId: string, reason: string, auth: TenantAuth, now: Date, loaded?: Loaded) {
  return change(uow, scope, subjectId, undefined, (s, at) => restrict(s, reason, auth.actor, at), auth, now, loaded);
}

export function liftSubjectRestriction(uow: UnitOfWork, scope: TenantScope, subjectId: string, auth: TenantAuth, now: Date) {
  return change(uow, scope, subjectId, undefined, (s, at) => liftRestriction(s, at), auth, now);
}

export async function listSubjects(scope: TenantScope, category: string | undefined, limit: number, cursor: string | undefined, auth: TenantAuth, now: Date) {
  const { items, nextCursor } = await subjectRepository(scope).list(category, limit, cursor);
  await auditRead(scope, { actor: auth.actor, entity: 'subject', entityIds: items.map((s) => s.id), fields: ['category', 'endUser', 'attributeSets'], at: now });
  return { items: items.map(viewOfSubject), ...(nextCursor === undefined ? {} : { nextCursor }) };
}

export async function subjectHistory(scope: TenantScope, subjectId: string, limit: number, cursor: string | undefined, auth: TenantAuth, now: Date) {
  await requireSubject(scope, subjectId);
  const { items, nextCursor } = await subjectRepository(scope).history(subjectId, limit, cursor);
  await auditRead(scope, { actor: auth.actor, entity: 'subject-history', entityIds: [subjectId], fields: ['state'], at: now });
  return { items, ...(nextCursor === undefined ? {} : { nextCursor }) };
}

/** obligation: DAT-6 — lookup through the keyed blind index; the clear value is never stored. */
export async function lookupSubjects(scope: TenantScope, kind: LookupKind, value: string, auth: TenantAuth, now: Date) {
  const hmac = blindIndex(await blindIndexSecret(), scope.tenantId, kind, normaliseLookup(kind, value));
  const items = await subjectRepository(scope).findByLookup(kind, hmac);
  await auditRead(scope, { actor: auth.actor, entity: 'subject', entityIds: items.map((s) => s.id), fields: [`lookup.${kind}`], at: now });
  return { items: items.map(viewOfSubject) };
}
