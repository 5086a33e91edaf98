import { RuleViolation } from '../../domain/rule-violation.ts';
import { contactFor } from '../../domain/tenant.ts';
import type { TenantAuth } from '../../http/auth.ts';
import { Problem } from '../../http/problem.ts';
import { SKIP_REASONS } from '../../model/breach-communication.ts';
import type { BreachCommunication, CreateBreachCommunicationInput } from '../../model/breach-communication.ts';
import { newId } from '../../ids.ts';
import { recordAudit } from '../../store/audit.ts';
import { breachCommunicationRepository, countSubjects } from '../../store/breach-communications.ts';
import type { StoredCampaign } from '../../store/breach-communications.ts';
import { incidents } from '../../store/incidents.ts';
import type { TenantScope } from '../../store/tenant-scope.ts';
import { tenants } from '../../store/tenants.ts';
import type { UnitOfWork } from '../../store/unit-of-work.ts';
import { refuseSubjectIdentifiers } from '../subject-identifiers.ts';

/** An incident that does not list the tenant answers as one that does not exist: nothing leaks about others'. */
async function requireAffectingIncident(scope: TenantScope, incidentId: string): Promise<void> {
  if (!(await incidents.toldTo(incidentId, scope.tenantId))) {
    throw new RuleViolation('incidentId', 'names no incident in the breach register that affects this tenant');
  }
}

/**
 * obligation: BRE-5 — queues a tenant's Art. 34 communication about an incident that affects it.
 * Nothing is sent here: the `breach-communications` job sends at the SES rate, within a minute.
 */
export async function createCampaign(uow: UnitOfWork, scope: TenantScope, input: CreateBreachCommunicationInput, auth: TenantAuth, now: Date): Promise<BreachCommunication> {
  await requireAffectingIncident(scope, input.incidentId);
  const tenant = await tenants.get(scope);
  if (!tenant) throw new Problem('notFound', 'No such tenant');
  const language = input.language ?? tenant.language;
  const translations = input.translations ?? [];
  const repeated = translations.findIndex((t) => t.language === language);
  if (repeated >= 0) throw new RuleViolation(`translations.${repeated}.language`, 'repeats the language of the main text');

  // obligation: BRE-5 — no confidential data, and none of the tenant's own subjects' identifiers.
  await refuseSubjectIdentifiers(scope, [
    { field: 'subject', value: input.subject },
    { field: 'body', value: input.body },
    ...translations.flatMap((t, i) => [
      { field: `translations.${i}.subject`, value: t.subject },
      { field: `translations.${i}.body`, value: t.body },
    ]),
  ], 'a breach communication must not carry confidential or personal data');

  const { audience } = input;
  let total: number;
  if (audience.subjectIds !== undefined) total = audience.subjectIds.length;
  else {
    total = await countSubjects(scope, audience.category);
    if (total === 0) throw new RuleViolation(audience.category === undefined ? 'audience' : 'audience.category', 'has no data subjects');
  }

  const contact = input.contact ?? contactFor(tenant, 'dataProtection');
  const campaign: StoredCampaign = {
    id: newId(now),
    incidentId: input.incidentId,
    audience:
      audience.subjectIds !== undefined
        ? { kind: 'subjects' }
        : audience.category !== undefined
          ? { kind: 'category', category: audience.category }
          : { kind: 'all' },
    language,
    subject: input.subject,
    body: input.body,
    translations,
    contact: { name: contact.name, email: contact.email, ...(contact.phone === undefined ? {} : { phone: contact.phone }) },
    status: 'queued',
    recipients: { total, sent: 0, skipped: 0, failed: 0 },
    skippedBy: Object.fromEntries(SKIP_REASONS.map((r) => [r, 0])) as BreachCommunication['skippedBy'],
    createdAt: now.toISOString(),
    createdBy: auth.actor,
    pass: 1,
  };
  breachCommunicationRepository(scope).create(uow, campaign, audience.subjectIds);
  // A tenant being deleted takes no new campaign its deletion could miss (DUN-5).
  tenants.mustExist(uow, scope);
  recordAudit(uow, scope, {
    actor: auth.actor,
    action: 'create',
    entity: 'breach-communication',
    entityId: campaign.id,
    fields: ['incidentId', 'audience', 'subject', 'body', ...(translations.length > 0 ? ['translations'] : []), 'contact'],
    at: now,
  });
  return campaign;
}
