import { extendedDeadline } from '../../domain/privacy-requests/deadlines.ts';
import { RuleViolation } from '../../domain/rule-violation.ts';
import type * as z from 'zod/mini';
import type { declineBody, extensionBody, feeBody, verificationBody, PrivacyRequest } from '../../model/privacy-request.ts';
import { subjectRepository } from '../../store/subjects.ts';
import type { TenantScope } from '../../store/tenant-scope.ts';
import type { UnitOfWork } from '../../store/unit-of-work.ts';
import { sendOwedNotices } from './notices.ts';
import { applyEvent } from './requests.ts';
import type { Actor } from './requests.ts';

export interface Decided {
  request: PrivacyRequest;
  afterCommit: () => Promise<void>;
}

function decided(scope: TenantScope, request: PrivacyRequest): Decided {
  return { request, afterCommit: async () => void (await sendOwedNotices(scope, request.id)) };
}

/**
 * obligation: DSR-2 — the method and result are recorded (no copy of any document); a failed
 * check keeps the request open for another attempt or a refusal on that ground.
 */
export async function verifyIdentity(uow: UnitOfWork, scope: TenantScope, requestId: string, input: z.infer<typeof verificationBody>, actor: Actor, now: Date) {
  if (input.subjectId !== undefined && !(await subjectRepository(scope).get(input.subjectId))) {
    throw new RuleViolation('subjectId', 'no data subject of this tenant has this id');
  }
  const event = input.result === 'verified' ? 'identity-verified' : 'identity-not-verified';
  const { request } = await applyEvent(
    uow,
    scope,
    requestId,
    event,
    (r) => {
      if (input.subjectId !== undefined && r.subjectId !== undefined && r.subjectId !== input.subjectId) {
        throw new RuleViolation('subjectId', 'the request already names another data subject');
      }
      return {
        set: {
          verification: {
            method: input.method,
            result: input.result,
            ...(input.note ? { note: input.note } : {}),
            at: now.toISOString(),
            by: actor.actor,
            attempts: (r.verification?.attempts ?? 0) + 1,
          },
          ...(input.subjectId ? { subjectId: input.subjectId } : {}),
        },
        fields: ['verification', ...(input.subjectId ? ['subjectId'] : [])],
      };
    },
    actor,
    now,
  );
  return request;
}

/** obligation: DSR-2 — once, by at most two months, with the reason told to the requester in the first month. */
export async function extendRequest(uow: UnitOfWork, scope: TenantScope, requestId: string, input: z.infer<typeof extensionBody>, actor: Actor, now: Date): Promise<Decided> {
  const { request } = await applyEvent(
    uow,
    scope,
    requestId,
    'extended',
    (r) => {
      const deadline = extendedDeadline(r, input.months, now);
      return {
        set: { ...deadline, extension: { months: input.months, reason: input.reason, at: now.toISOString(), by: actor.actor } },
        owed: ['tell-extension'],
        fields: ['extension', 'dueOn', 'dueAt'],
      };
    },
    actor,
    now,
  );
  return decided(scope, request);
}

/**
 * obligation: DSR-4 — a fee only on a ground the law allows: a repeat needs an earlier request by
 * the same person less than six months before; the requester is told before anything is charged.
 */
export async function requestFee(uow: UnitOfWork, scope: TenantScope, requestId: string, input: z.infer<typeof feeBody>, actor: Actor, now: Date): Promise<Decided> {
  const { request } = await applyEvent(
    uow,
    scope,
    requestId,
    'fee-requested',
    (r) => {
      // One fee per request: once set (and perhaps paid) it is not asked again or written over.
      if (r.fee !== undefined) throw new RuleViolation('ground', 'a fee was already set for this request');
      if (input.ground === 'repeat-request' && r.repeatOf === undefined) {
        throw new RuleViolation('ground', 'the same person made no request less than six months before this one');
      }
      if (input.ground === 'further-copy' && r.type !== 'access') throw new RuleViolation('ground', 'a further copy is a ground for access requests only');
      return {
        set: { fee: { ground: input.ground, amountCents: input.amountCents, currency: input.currency, explanation: input.explanation, at: now.toISOString(), by: actor.actor } },
        owed: ['tell-fee'],
        fields: ['fee'],
      };
    },
    actor,
    now,
  );
  return decided(scope, request);
}

export async function recordFeePaid(uow: UnitOfWork, scope: TenantScope, requestId: string, actor: Actor, now: Date) {
  const { request } = await applyEvent(uow, scope, requestId, 'fee-paid', (r) => ({ set: { fee: { ...r.fee!, paidAt: now.toISOString() } }, fields: ['fee'] }), actor, now);
  return request;
}

/** obligation: DSR-3, DSR-10 — a refusal always has its ground and reasons, told with the rights to complain. */
export async function declineRequest(uow: UnitOfWork, scope: TenantScope, requestId: string, input: z.infer<typeof declineBody>, actor: Actor, now: Date): Promise<Decided> {
  const { request } = await applyEvent(
    uow,
    scope,
    requestId,
    'declined',
    () => ({
      set: { decision: { outcome: 'declined', at: now.toISOString(), by: actor.actor, ground: input.ground, reason: input.reason } },
      owed: ['send-refusal'],
      fields: ['decision'],
    }),
    actor,
    now,
  );
  return decided(scope, request);
}

/** The requester withdrew the request (for instance rather than pay a fee): nothing more is sent. */
export async function withdrawRequest(uow: UnitOfWork, scope: TenantScope, requestId: string, actor: Actor, now: Date): Promise<Decided> {
  const { request } = await applyEvent(uow, scope, requestId, 'withdrawn', () => ({ set: {}, fields: [] }), actor, now);
  return decided(scope, request);
}
