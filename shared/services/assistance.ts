import { runtime } from '../config/runtime.ts';
import { RuleViolation } from '../domain/rule-violation.ts';
import type { OperatorAuth, TenantAuth } from '../http/auth.ts';
import { Problem } from '../http/problem.ts';
import type { AssistanceRequest, CreateAssistanceRequestInput, ResolveAssistanceInput } from '../model/assistance.ts';
import { newId } from '../ids.ts';
import { sendNoticeOnce } from '../notices/outbox.ts';
import { assistanceRequestNotice } from '../notices/templates/disclosures.ts';
import { recordAudit } from '../store/audit.ts';
import { assistanceRepository } from '../store/assistance.ts';
import { privacyRequests } from '../store/privacy-requests.ts';
import type { TenantScope } from '../store/tenant-scope.ts';
import type { UnitOfWork } from '../store/unit-of-work.ts';
import { refuseSubjectIdentifiers } from './subject-identifiers.ts';
import { requireTenant } from './tenants.ts';

function supportAddress(): string {
  return (JSON.parse(runtime.supportContact) as { email: string }).email;
}

/**
 * obligation: DSR-11 — recorded, then e-mailed to the vendor's support desk right after the
 * commit (once: the outbox keys it by the request's id, so a retry does not mail twice).
 */
export async function createAssistanceRequest(uow: UnitOfWork, scope: TenantScope, input: CreateAssistanceRequestInput, auth: TenantAuth, now: Date) {
  // obligation: DSR-11 — an assistance request describes the problem, not the person: the support
  // desk must not receive the tenant's subjects' data this way (the Art. 34 text checks apply).
  await refuseSubjectIdentifiers(scope, [{ field: 'description', value: input.description }], "describe the problem without the person's data (refer to subjects by id)");
  // The support desk is told which privacy request it is about: only one of the caller's own.
  const [tenant, privacyRequest] = await Promise.all([
    requireTenant(scope),
    input.privacyRequestId === undefined ? undefined : privacyRequests(scope).get(input.privacyRequestId),
  ]);
  if (input.privacyRequestId !== undefined && privacyRequest === undefined) {
    throw new RuleViolation('privacyRequestId', 'is not one of your privacy requests');
  }
  const request: AssistanceRequest = {
    id: newId(now),
    tenantId: scope.tenantId,
    ...(input.privacyRequestId === undefined ? {} : { privacyRequestId: input.privacyRequestId }),
    description: input.description,
    urgency: input.urgency,
    status: 'open',
    createdAt: now.toISOString(),
    createdBy: auth.actor,
    version: 1,
  };
  assistanceRepository(scope).create(uow, request);
  recordAudit(uow, scope, { actor: auth.actor, action: 'create', entity: 'assistance-request', entityId: request.id, fields: ['description', 'urgency', 'privacyRequestId'], at: now });
  const afterCommit = async () => {
    await sendNoticeOnce(scope, {
      kind: 'assistance-request',
      subjectId: request.id,
      ...assistanceRequestNotice({ tenantName: tenant.name, tenantId: tenant.id, requestId: request.id, urgency: request.urgency, privacyRequestId: request.privacyRequestId, description: request.description }),
      recipients: [{ role: 'support', address: supportAddress() }],
    });
  };
  return { request, afterCommit };
}

export function listOwnAssistanceRequests(scope: TenantScope, limit: number, cursor: string | undefined) {
  return assistanceRepository(scope).list(limit, cursor);
}

/**
 * obligation: DSR-11 — the vendor resolves a request once, with the minutes spent and either a
 * net amount to bill (EUR cents, VAT added on the invoice) or the reason it is not billed.
 */
export async function resolveAssistanceRequest(uow: UnitOfWork, scope: TenantScope, requestId: string, input: ResolveAssistanceInput, auth: OperatorAuth, now: Date) {
  const repository = assistanceRepository(scope);
  const before = await repository.get(requestId);
  if (!before) throw new Problem('notFound', 'No such assistance request');
  if (before.status !== 'open') throw new Problem('conflict', `Resolved at ${before.resolution!.resolvedAt}`);
  const resolved: AssistanceRequest = {
    ...before,
    status: 'resolved',
    resolution: {
      resolvedAt: now.toISOString(),
      resolvedBy: auth.actor,
      minutesSpent: input.minutesSpent,
      summary: input.summary,
      billing: input.netCents !== undefined ? { billable: true, netCents: input.netCents, currency: 'EUR' } : { billable: false, reason: input.notBilled!.reason },
    },
    version: before.version + 1,
  };
  repository.resolve(uow, resolved, before.version);
  recordAudit(uow, scope, { actor: auth.actor, action: 'update', entity: 'assistance-request', entityId: requestId, fields: ['status', 'resolution'], at: now });
  return resolved;
}
