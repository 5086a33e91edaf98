import { createHash } from 'node:crypto';
import {
  checkVendorDisclosure,
  isRegisteredRecipient,
  recipientNoticeKind,
  recipientsToNotify,
  wholeTenantDisclosureCovers,
} from '../domain/disclosure.ts';
import type { Change, DisclosureKind, SubjectDisclosure, VendorBasis } from '../domain/disclosure.ts';
import { RuleViolation } from '../domain/rule-violation.ts';
import { contactFor, recipientsFor } from '../domain/tenant.ts';
import type { OperatorAuth, TenantAuth } from '../http/auth.ts';
import { Problem } from '../http/problem.ts';
import type {
  CreateDisclosureInput,
  Disclosure,
  NotifyRecipientsInput,
  OperatorDisclosureInput,
  Recipient,
  SubjectRecipient,
} from '../model/disclosure.ts';
import { newId } from '../ids.ts';
import { sendNoticeOnce, sendNoticeOnceWithReceipt } from '../notices/outbox.ts';
import { recipientChangeNotice, vendorDisclosureNotice } from '../notices/templates/disclosures.ts';
import { recordAudit } from '../store/audit.ts';
import { NOTICE_RECORDED, disclosureRepository } from '../store/disclosures.ts';
import type { ListedDisclosure, StoredDisclosure } from '../store/disclosures.ts';
import { recipientRepository } from '../store/recipients.ts';
import { subjectRepository } from '../store/subjects.ts';
import type { StoredSubject } from '../store/subjects.ts';
import type { TenantScope } from '../store/tenant-scope.ts';
import { ConditionFailed, UnitOfWork } from '../store/unit-of-work.ts';
import { auditRead } from './read-audit.ts';
import { requireTenant } from './tenants.ts';

/** What a caller records: the entry without its id and time, which `recordDisclosure` gives it. */
export interface DisclosureInput {
  /**
   * A registered recipient's id, or `data-subject`, `supervisory-authority`, `court`,
   * `public-authority`, or `tenant` (the controller downloading its own full export).
   */
  recipient: string;
  /** Which court or authority, for the special recipients (a body's name, no person's). */
  recipientName?: string;
  kind: DisclosureKind;
  /** Empty: the whole tenant's data (a full export). */
  subjectIds: readonly string[];
  dataCategories: readonly string[];
  legalBasis: string;
  reference: string;
  actor: string;
  /** `vendor` when the vendor disclosed (then with `basis`); `tenant` by default. */
  by?: 'tenant' | 'vendor';
  basis?: VendorBasis;
  tenantNotice?: Disclosure['tenantNotice'];
}

const LOGGED_FIELDS = ['recipient', 'kind', 'subjectIds', 'dataCategories', 'legalBasis', 'reference'];

/**
 * obligation: AUD-3 — records one disclosure in `uow`: the entry, its per-subject listing and its
 * audit entry commit together, never written over. A registered recipient must be active when the
 * entry commits, except for an Art. 19 notice, which records what already went out.
 */
export function recordDisclosure(uow: UnitOfWork, scope: TenantScope, entry: DisclosureInput, now: Date): string {
  const id = newId(now);
  const withheld = entry.tenantNotice?.status === 'withheld';
  const stored: StoredDisclosure = {
    id,
    at: now.toISOString(),
    recipient: entry.recipient,
    ...(entry.recipientName === undefined ? {} : { recipientName: entry.recipientName }),
    kind: entry.kind,
    subjectIds: [...entry.subjectIds],
    dataCategories: [...entry.dataCategories],
    legalBasis: entry.legalBasis,
    reference: entry.reference,
    by: entry.by ?? 'tenant',
    ...(entry.basis === undefined ? {} : { basis: entry.basis }),
    actor: entry.actor,
    ...(entry.tenantNotice === undefined ? {} : { tenantNotice: entry.tenantNotice }),
    ...(withheld ? { withheld: true as const } : {}),
  };
  if (isRegisteredRecipient(entry.recipient) && entry.kind !== 'recipient-notice') recipientRepository(scope).checkActive(uow, entry.recipient);
  disclosureRepository(scope).record(uow, stored);
  recordAudit(uow, scope, { actor: entry.actor, action: 'create', entity: 'disclosure', entityId: id, fields: LOGGED_FIELDS, at: now });
  return id;
}

/** The tenant's view: an entry the vendor may not tell it about (yet) is not shown. */
function viewOf(entry: StoredDisclosure): Disclosure {
  const { withheld: _hidden, ...view } = entry;
  return view;
}

/**
 * A registered recipient must exist and be active; named subjects must be this tenant's and not
 * erased. Returns the registered recipient (none for the special ones).
 */
async function checkTargets(scope: TenantScope, input: { recipient: string; subjectIds: readonly string[] }): Promise<Recipient | undefined> {
  let recipient: Recipient | undefined;
  if (isRegisteredRecipient(input.recipient)) {
    recipient = await recipientRepository(scope).get(input.recipient);
    if (!recipient) throw new RuleViolation('recipient', 'names no recipient in your registry (POST /v1/recipients first)');
    if (!recipient.active) throw new RuleViolation('recipient', 'names a deactivated recipient; reactivate it first');
  }
  const found = await subjectRepository(scope).getMany([...input.subjectIds]);
  input.subjectIds.forEach((subjectId, i) => {
    const stored = found.get(subjectId);
    if (!stored) throw new RuleViolation(`subjectIds.${i}`, 'names no data subject of this tenant');
    if (stored.kind === 'tombstone') throw new RuleViolation(`subjectIds.${i}`, 'names an erased data subject: its data can no longer be disclosed');
  });
  return recipient;
}

/** obligation: AUD-3 — the tenant records a disclosure it made (a transfer, an answer to an authority). */
export async function createDisclosure(uow: UnitOfWork, scope: TenantScope, input: CreateDisclosureInput, auth: TenantAuth, now: Date): Promise<Disclosure> {
  await checkTargets(scope, input);
  const id = recordDisclosure(uow, scope, { ...input, actor: auth.actor }, now);
  return { id, at: now.toISOString(), ...input, by: 'tenant', actor: auth.actor };
}

/** obligation: AUD-3, AUD-1 — the log, oldest first, or the entries naming one subject; reading subject ids is audited. */
export async function listDisclosures(scope: TenantScope, subjectId: string | undefined, limit: number, cursor: string | undefined, auth: TenantAuth, now: Date) {
  const repository = disclosureRepository(scope);
  const page = subjectId === undefined ? await repository.list(limit, cursor) : await repository.listForSubject(subjectId, limit, cursor);
  const items = page.items.filter((d) => !d.withheld).map(viewOf);
  const read = [...new Set(items.flatMap((d) => d.subjectIds))];
  await auditRead(scope, { actor: auth.actor, entity: 'disclosure-log', entityIds: read, fields: ['recipient', 'kind', 'at'], at: now });
  return { items, ...(page.nextCursor === undefined ? {} : { nextCursor: page.nextCursor }) };
}

/**
 * The log's lines that concern a subject, the tenant may see: the entries naming it, and the
 * whole-tenant ones made while it existed. Reads only the log; `subject` is the subject's record
 * or tombstone as the caller read it (or the read under way), so it works after erasure.
 */
async function disclosuresOf(
  scope: TenantScope,
  subjectId: string,
  subject: StoredSubject | undefined | Promise<StoredSubject | undefined>,
): Promise<ListedDisclosure[]> {
  const [{ named, wholeTenant }, stored] = await Promise.all([disclosureRepository(scope).linesFor(subjectId), subject]);
  const erasedAt = stored?.kind === 'tombstone' ? stored.tombstone.erasedAt : undefined;
  return [...named, ...wholeTenant.filter((d) => wholeTenantDisclosureCovers(subjectId, d.at, erasedAt))].filter((d) => !d.withheld);
}

/** A subject of this tenant, live or erased: unknown ids answer 404 as another tenant's do. */
async function requireKnownSubject(scope: TenantScope, subjectId: string) {
  const stored = await subjectRepository(scope).get(subjectId);
  if (!stored) throw new Problem('notFound', 'No such data subject');
  return stored;
}

/** obligation: AUD-3 (Art. 15(1)(c), Art. 19) — who received this subject's data, from the log; after erasure too. */
export async function subjectRecipients(scope: TenantScope, subjectId: string, auth: TenantAuth, now: Date): Promise<{ items: SubjectRecipient[] }> {
  const stored = await requireKnownSubject(scope, subjectId);
  const lines = (await disclosuresOf(scope, subjectId, stored)).sort((a, b) => a.at.localeCompare(b.at));
  const byRecipient = new Map<string, ListedDisclosure[]>();
  for (const line of lines) byRecipient.set(line.recipient, [...(byRecipient.get(line.recipient) ?? []), line]);
  const registered = await recipientRepository(scope).getMany([...byRecipient.keys()].filter(isRegisteredRecipient));
  const items = [...byRecipient].map(([recipient, list]): SubjectRecipient => {
    const r = registered.get(recipient);
    return {
      recipient,
      ...(r ? { name: r.name, kind: r.kind, country: r.country, active: r.active } : {}),
      firstAt: list[0]!.at,
      lastAt: list[list.length - 1]!.at,
      disclosureIds: list.map((d) => d.disclosureId),
    };
  });
  await auditRead(scope, { actor: auth.actor, entity: 'disclosure-log', entityIds: [subjectId], fields: ['recipient', 'kind', 'at'], at: now });
  return { items };
}

/**
 * obligation: DSR-7 (Art. 19) — tells each active registered recipient of the subject's data about
 * a rectification, erasure or restriction: one e-mail per recipient and (subject, change, request)
 * through the outbox, in the recipient's language, naming the controller and the person only by
 * id and the disclosures the recipient received; each notice is itself logged as a disclosure of
 * kind `recipient-notice`, once (its outbox record is claimed in the entry's transaction). Reads
 * only the log, so it works after erasure; a rerun sends and records nothing twice. Without a
 * `requestId` the occasion is `now`: pass the same one again to stay idempotent. `actor` (the
 * privacy request's by default) is who the log names for the notices; `subject`, the subject's
 * record or tombstone when the caller has read it already, is not read again.
 */
export async function notifyRecipientsOfChange(
  scope: TenantScope,
  subjectId: string,
  change: Change,
  ctx: { requestId?: string; changedFields?: string[]; now: Date; actor?: string; subject?: StoredSubject },
): Promise<{ notified: number; rejected: number }> {
  const lines = await disclosuresOf(scope, subjectId, ctx.subject ?? subjectRepository(scope).get(subjectId));
  const targets = recipientsToNotify(lines);
  if (targets.size === 0) return { notified: 0, rejected: 0 };
  const [tenant, registry] = await Promise.all([requireTenant(scope), recipientRepository(scope).getMany([...targets.keys()])]);
  const contact = contactFor(tenant, 'dataProtection').email;
  const occasion = ctx.requestId ?? ctx.now.toISOString();
  const kind = recipientNoticeKind(change, occasion);
  const changedFields = change === 'rectification' ? (ctx.changedFields ?? []) : [];
  let notified = 0;
  let rejected = 0;
  for (const [recipientId, received] of targets) {
    const recipient = registry.get(recipientId);
    if (!recipient?.active) continue;
    const noticeSubject = `${subjectId}#${recipientId}`;
    const message = recipientChangeNotice(recipient.language, {
      tenantName: tenant.name,
      recipientKind: recipient.kind,
      change,
      subjectId,
      changedFields,
      received: received.map((d: SubjectDisclosure) => ({ at: d.at, reference: d.reference })),
      reference: occasion,
      contactEmail: contact,
    });
    const receipt = await sendNoticeOnceWithReceipt(scope, {
      kind,
      subjectId: noticeSubject,
      ...message,
      replyTo: [contact],
      recipients: [{ role: 'recipient', address: recipient.noticeEmail }],
    });
    if (receipt.outcome === 'rejected') rejected++;
    if (receipt.outcome !== 'sent' && receipt.outcome !== 'already-sent') continue;
    notified++;
    const at = receipt.sentAt ? new Date(receipt.sentAt) : ctx.now;
    const uow = new UnitOfWork();
    const disclosureId = recordDisclosure(
      uow,
      scope,
      {
        recipient: recipientId,
        kind: 'recipient-notice',
        subjectIds: [subjectId],
        dataCategories: change === 'rectification' ? ['subject id', 'names of changed fields'] : ['subject id'],
        legalBasis: 'Art. 6(1)(c) with Art. 19 GDPR (notifying recipients of a rectification, erasure or restriction)',
        reference: occasion,
        actor: ctx.actor ?? (ctx.requestId ? `privacy-request:${ctx.requestId}` : 'skrbnik:art-19'),
      },
      at,
    );
    disclosureRepository(scope).claimNotice(uow, kind, noticeSubject, disclosureId);
    try {
      await uow.commit();
    } catch (error) {
      // An earlier call recorded this very notice: the log has it once.
      if (!(error instanceof ConditionFailed && error.label === NOTICE_RECORDED)) throw error;
    }
  }
  return { notified, rejected };
}

/**
 * obligation: DSR-7 — the tenant asks for the Art. 19 notices after a change it made directly
 * (not through a privacy request). The change must be in effect; its occasion comes from the
 * record (the version rectified, the time of restriction or erasure), so asking again for the
 * same change sends nothing twice.
 */
export async function notifyRecipientsNow(scope: TenantScope, subjectId: string, input: NotifyRecipientsInput, auth: TenantAuth, now: Date) {
  const stored = await requireKnownSubject(scope, subjectId);
  let occasion: string;
  if (input.change === 'erasure') {
    if (stored.kind !== 'tombstone') throw new RuleViolation('change', 'the data subject is not erased');
    occasion = `erased-${stored.tombstone.erasedAt}`;
  } else {
    if (stored.kind === 'tombstone') throw new RuleViolation('change', 'the data subject is erased: notify of the erasure');
    if (input.change === 'restriction') {
      if (!stored.subject.restriction) throw new RuleViolation('change', 'the data subject is not restricted');
      occasion = `restricted-${stored.subject.restriction.at}`;
    } else {
      if (stored.subject.version < 2) throw new RuleViolation('change', 'the data subject was never rectified');
      occasion = `version-${stored.subject.version}`;
    }
  }
  if (input.changedFields && input.change !== 'rectification') throw new RuleViolation('changedFields', 'is given only for a rectification');
  const result = await notifyRecipientsOfChange(scope, subjectId, input.change, {
    requestId: occasion,
    ...(input.changedFields ? { changedFields: input.changedFields } : {}),
    now,
    actor: auth.actor,
    subject: stored,
  });
  return { change: input.change, ...result };
}

/**
 * obligation: AUD-3 — the vendor records a disclosure it made: only on a court order, an
 * authority's written request or the tenant's instruction, with its reference. The tenant's data
 * protection contact is told at once (before the entry commits, once per order: a retry after a
 * failed commit does not tell it twice), unless the order forbids it — then the entry is kept
 * from the tenant's view and says why.
 */
export async function discloseForVendor(uow: UnitOfWork, scope: TenantScope, input: OperatorDisclosureInput, auth: OperatorAuth, now: Date): Promise<Disclosure> {
  const basis = checkVendorDisclosure(input);
  const tenant = await requireTenant(scope);
  const registered = await checkTargets(scope, input);
  const withheld = input.withholdTenantNotice;
  const recipientLabel = input.recipientName ?? registered?.name ?? input.recipient;
  const tenantNotice: Disclosure['tenantNotice'] = withheld ? { status: 'withheld', reason: withheld.reason } : { status: 'sent' };
  const entry: DisclosureInput = {
    recipient: input.recipient,
    ...(input.recipientName === undefined ? {} : { recipientName: input.recipientName }),
    kind: basis === 'tenant-instruction' ? 'transfer' : 'authority-request',
    subjectIds: input.subjectIds,
    dataCategories: input.dataCategories,
    legalBasis: input.legalBasis,
    reference: input.reference,
    actor: auth.actor,
    by: 'vendor',
    basis,
    tenantNotice,
  };
  const id = recordDisclosure(uow, scope, entry, now);
  if (!withheld) {
    const order = createHash('sha256').update(`${basis}\u0000${input.reference}`).digest('hex').slice(0, 32);
    await sendNoticeOnce(scope, {
      kind: 'vendor-disclosure',
      subjectId: order,
      ...vendorDisclosureNotice(tenant.language, {
        at: now.toISOString(),
        basis,
        recipient: recipientLabel,
        reference: input.reference,
        dataCategories: input.dataCategories,
        subjectCount: input.subjectIds.length,
      }),
      recipients: recipientsFor(tenant, ['dataProtection']),
    });
  }
  return {
    id,
    at: now.toISOString(),
    recipient: input.recipient,
    ...(input.recipientName === undefined ? {} : { recipientName: input.recipientName }),
    kind: entry.kind,
    subjectIds: input.subjectIds,
    dataCategories: input.dataCategories,
    legalBasis: input.legalBasis,
    reference: input.reference,
    by: 'vendor',
    basis,
    actor: auth.actor,
    tenantNotice,
  };
}
