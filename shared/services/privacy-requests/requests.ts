import { blindIndexSecret } from '../../clients/secrets.ts';
import { blindIndex } from '../../crypto/blind-index.ts';
import { addMonths, localDateOf, startOfDay } from '../../domain/billing/calendar.ts';
import { REPEAT_WINDOW_MONTHS, deadlineOf, isRepeatWithinWindow } from '../../domain/privacy-requests/deadlines.ts';
import { REQUEST_LIFECYCLE, requestTransition } from '../../domain/privacy-requests/lifecycle.ts';
import type { RequestEvent } from '../../domain/privacy-requests/lifecycle.ts';
import { RuleViolation } from '../../domain/rule-violation.ts';
import { normaliseLookup } from '../../domain/subject.ts';
import { Problem } from '../../http/problem.ts';
import type { OwedNotice, PrivacyRequest } from '../../model/privacy-request.ts';
import { newId } from '../../ids.ts';
import { recordAudit } from '../../store/audit.ts';
import { auditRead } from '../read-audit.ts';
import { privacyRequests } from '../../store/privacy-requests.ts';
import type { StoredRequest } from '../../store/privacy-requests.ts';
import type { TenantScope } from '../../store/tenant-scope.ts';
import type { UnitOfWork } from '../../store/unit-of-work.ts';

/** Who acted on a request: a tenant key, the operator, or the platform itself. */
export interface Actor {
  actor: string;
}

export async function requesterHmacOf(scope: TenantScope, email: string): Promise<string> {
  return blindIndex(await blindIndexSecret(), scope.tenantId, 'email', normaliseLookup('email', email));
}

export async function requireRequest(scope: TenantScope, requestId: string): Promise<StoredRequest> {
  const stored = await privacyRequests(scope).get(requestId);
  if (!stored) throw new Problem('notFound', 'No such privacy request');
  return stored;
}

export interface NewRequest {
  type: PrivacyRequest['type'];
  channel: PrivacyRequest['channel'];
  receivedAt: Date;
  requesterEmail: string;
  language: PrivacyRequest['requester']['language'];
  subjectId?: string;
  details?: string;
  owed: OwedNotice[];
}

/**
 * obligation: DSR-1, DSR-2, DSR-4 — a request is recorded with its receipt time and deadline; a
 * request by the same person less than six months earlier is noted for the tenant to weigh a
 * fee, never charged or refused by the platform.
 */
export async function recordRequest(uow: UnitOfWork, scope: TenantScope, input: NewRequest, actor: Actor, now: Date): Promise<PrivacyRequest> {
  if (input.receivedAt.getTime() > now.getTime()) throw new RuleViolation('receivedAt', 'must not be in the future');
  const requesterHmac = await requesterHmacOf(scope, input.requesterEmail);
  const since = startOfDay(addMonths(localDateOf(input.receivedAt), -REPEAT_WINDOW_MONTHS));
  const previous = await privacyRequests(scope).latestBy({ requesterHmac, ...(input.subjectId ? { subjectId: input.subjectId } : {}) }, since, input.receivedAt);
  const repeat = previous && isRepeatWithinWindow(new Date(previous.receivedAt), input.receivedAt) ? previous : undefined;
  const deadline = deadlineOf(input.receivedAt);
  const at = now.toISOString();
  const request: PrivacyRequest = {
    id: newId(now),
    type: input.type,
    state: REQUEST_LIFECYCLE.initial,
    channel: input.channel,
    receivedAt: input.receivedAt.toISOString(),
    dueOn: deadline.dueOn,
    dueAt: deadline.dueAt,
    firstDueOn: deadline.dueOn,
    ...(input.subjectId ? { subjectId: input.subjectId } : {}),
    requester: { email: input.requesterEmail, language: input.language },
    ...(input.details ? { details: input.details } : {}),
    ...(repeat ? { repeatOf: { requestId: repeat.id, receivedAt: repeat.receivedAt } } : {}),
    told: {},
    owed: input.owed,
    events: [],
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
  privacyRequests(scope).create(uow, { request, requesterHmac });
  recordAudit(uow, scope, { actor: actor.actor, action: 'create', entity: 'privacy-request', entityId: request.id, fields: fieldsOf(request), at: now });
  return request;
}

/** Field names for the audit trail, never values (AUD-1). */
function fieldsOf(request: PrivacyRequest): string[] {
  return Object.keys(request).filter((k) => !['id', 'version', 'createdAt', 'updatedAt', 'events'].includes(k));
}

/**
 * Applies one lifecycle event: refused (409) when the table has no such transition from the
 * request's state, written only if nobody changed the request since it was read.
 */
export async function applyEvent(
  uow: UnitOfWork,
  scope: TenantScope,
  target: string | StoredRequest,
  event: RequestEvent,
  change: (request: PrivacyRequest) => { set: Partial<PrivacyRequest>; owed?: OwedNotice[]; fields: string[]; answer?: Pick<StoredRequest, 'answerLink' | 'answerMessage'> },
  actor: Actor,
  now: Date,
): Promise<{ before: StoredRequest; request: PrivacyRequest }> {
  // A caller that read the request to decide (fulfilment) passes it: its version guards the write.
  const before = typeof target === 'string' ? await requireRequest(scope, target) : target;
  const requestId = before.request.id;
  const from = before.request.state;
  const transition = requestTransition(from, event);
  if (!transition) throw new Problem('conflict', `A request in state "${from}" cannot take the event "${event}"`);
  const { set, owed = [], fields, answer = {} } = change(before.request);
  const at = now.toISOString();
  const request: PrivacyRequest = {
    ...before.request,
    ...set,
    state: transition.to,
    owed: [...new Set([...before.request.owed, ...owed])],
    events: [...before.request.events, { event, at, by: actor.actor, from, to: transition.to }],
    updatedAt: at,
    version: before.request.version + 1,
  };
  privacyRequests(scope).replace(uow, { ...before, request, ...answer }, before.request.version);
  recordAudit(uow, scope, { actor: actor.actor, action: 'update', entity: 'privacy-request', entityId: requestId, fields: ['state', ...fields], at: now });
  return { before, request };
}

/** A request holds the requester's address and words until answered: reading it is audited (AUD-1). */
export async function readRequest(scope: TenantScope, requestId: string, actor: Actor, now: Date): Promise<PrivacyRequest> {
  const { request } = await requireRequest(scope, requestId);
  await auditRead(scope, { actor: actor.actor, entity: 'privacy-request', entityIds: [request.id], fields: fieldsOf(request), at: now });
  return request;
}

export async function listRequests(scope: TenantScope, state: string | undefined, limit: number, cursor: string | undefined, actor: Actor, now: Date) {
  const { items, nextCursor } = await privacyRequests(scope).list(state, limit, cursor);
  await auditRead(scope, { actor: actor.actor, entity: 'privacy-request', entityIds: items.map((r) => r.id), fields: ['requester', 'details'], at: now });
  return { items, ...(nextCursor === undefined ? {} : { nextCursor }) };
}
