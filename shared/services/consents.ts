import { createHash } from 'node:crypto';
import { linkSigningKey } from '../clients/link-signing-key.ts';
import { blindIndexSecret } from '../clients/secrets.ts';
import { runtime } from '../config/runtime.ts';
import { blindIndex } from '../crypto/blind-index.ts';
import { newConfirmToken, tokenHash, verifyToken, withdrawToken } from '../crypto/consent-links.ts';
import type { LinkKind, LinkTarget } from '../crypto/consent-links.ts';
import { confirmConsent, effectiveStatus, mayBeMailed, requestConsent, withdrawConsent } from '../domain/consent.ts';
import type { ConsentEvent, ConsentRecord, WithdrawalSource } from '../domain/consent.ts';
import { RuleViolation } from '../domain/rule-violation.ts';
import { contactFor, holdsData } from '../domain/tenant.ts';
import { lookupValues } from '../domain/subject.ts';
import type { TenantAuth } from '../http/auth.ts';
import { Problem } from '../http/problem.ts';
import type { ConsentView, RequestConsentInput } from '../model/consent.ts';
import type { Tenant } from '../model/tenant.ts';
import { sendEmail } from '../notices/email.ts';
import { consentConfirmationEmail } from '../notices/templates/consent-confirmation.ts';
import { logger } from '../powertools/logger.ts';
import { recordAudit } from '../store/audit.ts';
import { CONSENT_WRITE, consentRepository } from '../store/consents.ts';
import type { StoredConsent } from '../store/consents.ts';
import { subjectRepository } from '../store/subjects.ts';
import { tenants } from '../store/tenants.ts';
import { TenantScope } from '../store/tenant-scope.ts';
import type { ConditionFailed, UnitOfWork } from '../store/unit-of-work.ts';
import { auditRead } from './read-audit.ts';
import { requireSubject } from './subjects.ts';

/** A consent with its append-only history, expiry applied. */
type ConsentRecordWithHistory = ConsentRecord & { history: ConsentEvent[] };

/** Field names of a consent for the audit trail (AUD-1): names only, never values. */
const FIELDS = {
  request: ['purpose', 'title', 'text', 'source', 'givenAt', 'status', 'expiresAt'],
  confirm: ['status', 'confirmedAt'],
  withdraw: ['status', 'withdrawnAt', 'withdrawalSource'],
} as const;

/** The consent's audit entity id: the subject and the purpose (a slug, nothing personal). */
const entityId = (subjectId: string, purpose: string) => `${subjectId}#${purpose}`;

function viewOf(record: ConsentRecord, history: ConsentEvent[], now: Date): ConsentRecordWithHistory {
  const status = effectiveStatus(record, now);
  const { version: _v, mailMessageId: _m, ...shown } = record;
  return { ...shown, status, history } as ConsentRecordWithHistory;
}

function linkUrl(kind: LinkKind, token: string): string {
  return `${runtime.publicBaseUrl}${linkPath(kind, token)}`;
}

function linkPath(kind: LinkKind, token: string): string {
  return `/v1/consent-${kind === 'confirm' ? 'confirmations' : 'withdrawals'}/${token}`;
}

/** The subject's address for this tenant: the first `email` attribute, normalised, and its HMAC. */
async function addressOf(scope: TenantScope, subject: Parameters<typeof lookupValues>[0]) {
  const email = lookupValues(subject).find((v) => v.kind === 'email');
  if (!email) return undefined;
  return { address: email.value, hmac: blindIndex(await blindIndexSecret(), scope.tenantId, 'email', email.value) };
}

async function liveTenant(scope: TenantScope): Promise<Tenant> {
  const tenant = await tenants.get(scope);
  if (!tenant || !holdsData(tenant)) throw new Problem('notFound', 'This link is not valid');
  return tenant;
}

/**
 * obligation: CON-1, CON-2 — the tenant asks for a subject's consent: a pending record with the
 * text's version and hash, source and time, and a confirmation e-mail to the subject's address
 * with a signed, single-use link that expires (after the commit; `mailSentAt` is its evidence).
 * A pending request asked again gets a new link, which replaces the old one.
 */
export async function requestSubjectConsent(uow: UnitOfWork, scope: TenantScope, subjectId: string, input: RequestConsentInput, auth: TenantAuth, now: Date) {
  if ((input.text === undefined) === (input.textSha256 === undefined)) {
    throw new RuleViolation('text', 'send either the text or its textSha256, not both');
  }
  const { subject } = await requireSubject(scope, subjectId);
  // Sending the e-mail is processing: a restricted subject is not written to (DAT-4).
  if (subject.restriction) throw new Problem('subjectRestricted', 'The data subject is restricted');
  const address = await addressOf(scope, subject);
  if (!address) throw new RuleViolation('subjectId', 'the data subject has no attribute named email to confirm', 'path');
  const tenant = await liveTenant(scope);

  const repository = consentRepository(scope);
  const before = await repository.get(subjectId, input.purpose);
  const sha256 = input.textSha256 ?? createHash('sha256').update(input.text!, 'utf8').digest('hex');
  const { record, events } = requestConsent(
    before?.record,
    { purpose: input.purpose, title: input.title, text: { version: input.textVersion, sha256 }, source: input.source, ...(input.givenAt ? { givenAt: input.givenAt } : {}) },
    { subjectId, actor: auth.actor, expiryDays: runtime.consentLinkExpiryDays, now },
  );
  const target = { tenantId: scope.tenantId, subjectId, purpose: input.purpose };
  const key = await linkSigningKey();
  const { token, hash } = newConfirmToken(key, target);
  repository.save(uow, before?.record, { record, addressHmac: address.hmac, tokenHash: hash }, events);
  repository.notePurpose(uow, input.purpose, now);
  tenants.mustExist(uow, scope);
  recordAudit(uow, scope, { actor: auth.actor, action: before ? 'update' : 'create', entity: 'consent', entityId: entityId(subjectId, input.purpose), fields: FIELDS.request, at: now });

  const mail = consentConfirmationEmail(tenant.language, {
    controller: { name: tenant.name, country: tenant.country, address: tenant.address, contact: contactFor(tenant, 'dataProtection') },
    purposeTitle: record.title,
    textVersion: record.text.version,
    text: input.text,
    confirmUrl: linkUrl('confirm', token),
    withdrawUrl: linkUrl('withdraw', withdrawToken(key, target)),
    expiresAt: record.expiresAt!,
  });
  return {
    consent: viewOf(record, events, now),
    afterCommit: async () => {
      // The link lives only in this e-mail: the response and the stored record have its hash alone.
      try {
        const messageId = await sendEmail({ to: [address.address], senderName: tenant.name, ...mail });
        await repository.markMailed(subjectId, input.purpose, hash, new Date(), messageId);
      } catch (error) {
        // The request stands without `mailSentAt`: the tenant sees it and asks again (a new link).
        logger.error('consent confirmation e-mail not sent', { errorName: (error as Error).name });
      }
    },
    explainConflict: async (): Promise<never> => {
      throw new Problem('conflict', 'The consent changed meanwhile; retry with a new Idempotency-Key');
    },
  };
}

export async function readSubjectConsents(scope: TenantScope, subjectId: string, auth: TenantAuth, now: Date): Promise<{ items: ConsentView[] }> {
  await requireSubject(scope, subjectId);
  const items = (await consentRepository(scope).allOf(subjectId)).map(({ stored, history }) => viewOf(stored.record, history, now));
  await auditRead(scope, { actor: auth.actor, entity: 'consent', entityIds: items.map((c) => entityId(subjectId, c.purpose)), fields: ['status', 'text', 'source', 'history'], at: now });
  return { items };
}

/** Queues the withdrawal of one consent; `undefined` when there is nothing in effect to withdraw. */
function queueWithdrawal(uow: UnitOfWork, scope: TenantScope, stored: StoredConsent, source: WithdrawalSource, actor: string, now: Date): ConsentRecord | undefined {
  const change = withdrawConsent(stored.record, { source, actor, now });
  if (!change) return undefined;
  consentRepository(scope).save(uow, stored.record, { record: change.record, addressHmac: stored.addressHmac }, change.events);
  recordAudit(uow, scope, { actor, action: 'update', entity: 'consent', entityId: entityId(stored.record.subjectId, stored.record.purpose), fields: FIELDS.withdraw, at: now });
  return change.record;
}

/**
 * obligation: CON-3 — withdraws a subject's consent for `purpose` (all purposes when undefined),
 * effective with the caller's commit: the audience list re-reads every record, so the subject is
 * not mailed again for that purpose from then on. Pending requests are withdrawn too (their link
 * stops working). Returns the purposes withdrawn; queues the writes on `uow`, does not commit.
 * Deleting data held only on that consent is the retention purge's work.
 */
export async function withdrawConsents(
  uow: UnitOfWork,
  scope: TenantScope,
  subjectId: string,
  purpose: string | undefined,
  source: WithdrawalSource,
  now: Date,
): Promise<string[]> {
  const actor = `consent-withdrawal:${source}`;
  const repository = consentRepository(scope);
  const candidates =
    purpose === undefined
      ? (await repository.allOf(subjectId)).map((c) => c.stored)
      : [await repository.get(subjectId, purpose)].filter((c): c is StoredConsent => c !== undefined);
  const withdrawn: string[] = [];
  for (const stored of candidates) {
    if (queueWithdrawal(uow, scope, stored, source, actor, now)) withdrawn.push(stored.record.purpose);
  }
  return withdrawn;
}

/** The tenant records a withdrawal (the person told it); withdrawing twice changes nothing. */
export async function withdrawSubjectConsent(uow: UnitOfWork, scope: TenantScope, subjectId: string, purpose: string, auth: TenantAuth, now: Date): Promise<ConsentView> {
  await requireSubject(scope, subjectId);
  // One query gives the record and its history together.
  const found = (await consentRepository(scope).allOf(subjectId)).find((c) => c.stored.record.purpose === purpose);
  if (!found) throw new Problem('notFound', 'No consent of this data subject for this purpose');
  const record = queueWithdrawal(uow, scope, found.stored, 'tenant', auth.actor, now) ?? found.stored.record;
  return viewOf(record, found.history, now);
}

/**
 * obligation: CON-1, CON-3, DAT-4 — the enforcement point of "only confirmed contacts with a valid
 * consent are mailed": a page of the purpose's index, every entry re-read (consistently) against
 * its consent record and its subject, so a withdrawal, a restriction, an erasure or a changed
 * address takes effect at once, not when the index catches up. A page may hold fewer members than
 * `limit`; follow `nextCursor` to the end.
 */
export async function consentAudience(scope: TenantScope, purpose: string, limit: number, cursor: string | undefined, auth: TenantAuth, now: Date) {
  const repository = consentRepository(scope);
  if (!(await repository.purposeExists(purpose))) throw new Problem('notFound', 'No consent was requested for this purpose');
  const { subjectIds, nextCursor } = await repository.audiencePage(purpose, limit, cursor);
  const [consents, subjects, secret, key] = await Promise.all([
    repository.getMany(subjectIds, purpose),
    subjectRepository(scope).getMany(subjectIds),
    blindIndexSecret(),
    linkSigningKey(),
  ]);
  const items: { subjectId: string; email: string; confirmedAt: string; textVersion: string; withdrawUrl: string }[] = [];
  for (const subjectId of subjectIds) {
    const stored = consents.get(subjectId);
    const subject = subjects.get(subjectId);
    if (!stored || subject?.kind !== 'subject') continue;
    const email = lookupValues(subject.subject).find((v) => v.kind === 'email' && blindIndex(secret, scope.tenantId, 'email', v.value) === stored.addressHmac);
    if (!mayBeMailed(stored.record, { restricted: subject.subject.restriction !== undefined, addressConfirmed: email !== undefined }, now)) continue;
    items.push({
      subjectId,
      email: email!.value,
      confirmedAt: stored.record.confirmedAt!,
      textVersion: stored.record.text.version,
      withdrawUrl: linkUrl('withdraw', withdrawToken(key, { tenantId: scope.tenantId, subjectId, purpose })),
    });
  }
  await auditRead(scope, { actor: auth.actor, entity: 'subject', entityIds: items.map((i) => i.subjectId), fields: ['email'], at: now });
  return { items, ...(nextCursor === undefined ? {} : { nextCursor }) };
}

/* ------------------------------------------------------------------ public links */

/** Why a link cannot be used; each is a page for a person and a problem for an API client. */
export class LinkRefused extends Problem {
  constructor(readonly failure: 'invalid' | 'used' | 'expired') {
    super(
      failure === 'invalid' ? 'notFound' : failure === 'used' ? 'linkUsed' : 'linkExpired',
      { invalid: 'This link is not valid', used: 'This link was already used or replaced by a newer one; nothing was changed', expired: 'This link has expired; nothing was changed' }[failure],
    );
  }
}

interface LinkContext {
  target: LinkTarget;
  scope: TenantScope;
  tenant: Tenant;
  stored: StoredConsent | undefined;
}

async function openLink(kind: LinkKind, token: string): Promise<LinkContext> {
  const target = verifyToken(await linkSigningKey(), kind, token);
  if (!target) throw new LinkRefused('invalid');
  // The signature is the right to act for this tenant: only our key makes one.
  const scope = TenantScope.named(target.tenantId);
  const tenant = await tenants.get(scope);
  if (!tenant || !holdsData(tenant)) throw new LinkRefused('invalid');
  const stored = await consentRepository(scope).get(target.subjectId, target.purpose);
  return { target, scope, tenant, stored };
}

function pageFacts(ctx: LinkContext, record: ConsentRecord) {
  return { language: ctx.tenant.language, controllerName: ctx.tenant.name, purposeTitle: record.title, textVersion: record.text.version };
}

/** The pending record this confirmation link belongs to, or why the link is refused. */
function pendingFor(ctx: LinkContext, token: string, now: Date): StoredConsent {
  const { stored } = ctx;
  if (!stored) throw new LinkRefused('invalid');
  // Only our key signs tokens: a signed token that is not the stored one was spent or replaced.
  if (stored.tokenHash !== tokenHash(token)) throw new LinkRefused('used');
  if (effectiveStatus(stored.record, now) === 'expired') throw new LinkRefused('expired');
  if (stored.record.status !== 'pending') throw new LinkRefused('used');
  return stored;
}

/** GET of a confirmation link: only a page with the button; nothing changes (mail scanners fetch links). */
export async function viewConfirmationLink(token: string, now: Date) {
  const ctx = await openLink('confirm', token);
  const stored = pendingFor(ctx, token, now);
  return pageFacts(ctx, stored.record);
}

/**
 * obligation: CON-1 — the person's confirmation (the button's POST): one conditional write, from
 * pending, before the expiry, with this very token; a reused, replaced or expired link is refused
 * and changes nothing.
 */
export async function confirmThroughLink(uow: UnitOfWork, token: string, now: Date) {
  const ctx = await openLink('confirm', token);
  const stored = pendingFor(ctx, token, now);
  const { record, events } = confirmConsent(stored.record, now);
  consentRepository(ctx.scope).confirm(uow, stored, record, events, tokenHash(token), now);
  recordAudit(uow, ctx.scope, { actor: 'data-subject', action: 'update', entity: 'consent', entityId: entityId(ctx.target.subjectId, ctx.target.purpose), fields: FIELDS.confirm, at: now });
  return {
    facts: { ...pageFacts(ctx, record), confirmedAt: record.confirmedAt!, withdrawUrl: linkUrl('withdraw', withdrawToken(await linkSigningKey(), ctx.target)) },
    explainConflict: async (error: ConditionFailed): Promise<never> => {
      if (error.label !== CONSENT_WRITE) throw error;
      // Someone used the link (or a newer request replaced it) between the read and the write.
      throw new LinkRefused('used');
    },
  };
}

/** GET of a withdrawal link: the page with the button. */
export async function viewWithdrawalLink(token: string) {
  const ctx = await openLink('withdraw', token);
  if (!ctx.stored) throw new LinkRefused('invalid');
  return pageFacts(ctx, ctx.stored.record);
}

/** obligation: CON-3 — the person withdraws through the link: at once; again changes nothing. */
export async function withdrawThroughLink(uow: UnitOfWork, token: string, now: Date) {
  const ctx = await openLink('withdraw', token);
  if (!ctx.stored) throw new LinkRefused('invalid');
  queueWithdrawal(uow, ctx.scope, ctx.stored, 'data-subject', 'data-subject', now);
  return pageFacts(ctx, ctx.stored.record);
}
