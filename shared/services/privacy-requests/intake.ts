import type * as z from 'zod/mini';
import type { TenantAuth } from '../../http/auth.ts';
import { Problem } from '../../http/problem.ts';
import type { createPrivacyRequestBody, intakeBody } from '../../model/privacy-request.ts';
import { isOpen } from '../../domain/privacy-requests/lifecycle.ts';
import { privacyRequests } from '../../store/privacy-requests.ts';
import { TenantScope } from '../../store/tenant-scope.ts';
import type { UnitOfWork } from '../../store/unit-of-work.ts';
import { requireSubject } from '../subjects.ts';
import { sendOwedNotices } from './notices.ts';
import { requireTenant } from '../tenants.ts';
import { recordRequest, requesterHmacOf } from './requests.ts';

/** Within this time the same address sending the same kind of request is taken as a resubmission. */
const RESUBMIT_WINDOW_MS = 24 * 3_600_000;

/** obligation: DSR-1, DSR-2 — a request the tenant received, recorded with its receipt time. */
export async function createRequest(uow: UnitOfWork, scope: TenantScope, input: z.infer<typeof createPrivacyRequestBody>, auth: TenantAuth, now: Date) {
  const tenant = await requireTenant(scope);
  if (input.subjectId !== undefined) await requireSubject(scope, input.subjectId);
  return recordRequest(
    uow,
    scope,
    {
      type: input.type,
      channel: input.channel,
      receivedAt: input.receivedAt === undefined ? now : new Date(input.receivedAt),
      requesterEmail: input.requester.email,
      language: input.requester.language ?? tenant.language,
      ...(input.subjectId ? { subjectId: input.subjectId } : {}),
      ...(input.details ? { details: input.details } : {}),
      owed: [],
    },
    auth,
    now,
  );
}

/**
 * obligation: DSR-8 — a request sent to the vendor is recorded in the tenant's requests (its
 * deadline runs from now) and forwarded to the tenant's data protection contact at once. The
 * vendor sends the person nothing: answering is the controller's. The reply reveals no more than
 * that a tenant with this id exists, which its id already implies to whoever has it. A tenant
 * whose data is being deleted takes no new requests (DUN-5), like every other new record.
 */
export async function forwardIntake(uow: UnitOfWork, input: z.infer<typeof intakeBody>, now: Date) {
  const scope = TenantScope.named(input.tenantId);
  const tenant = await requireTenant(scope).catch(() => {
    throw new Problem('notFound', 'No organisation with this id uses Skrbnik');
  });
  const receipt = (reference: string) => ({
    reference,
    forwarded: true,
    message: `Your request was forwarded to ${tenant.name}, who decides on it and answers you. Skrbnik processes data on their behalf and does not answer requests itself.`,
  });
  // A form sent twice is one request: the same address asking the same thing within a day gets
  // the first one's reference, so it is neither forwarded twice nor counted as a repeat (DSR-4).
  const requesterHmac = await requesterHmacOf(scope, input.email);
  const earlier = await privacyRequests(scope).latestBy({ requesterHmac }, new Date(now.getTime() - RESUBMIT_WINDOW_MS), now);
  if (earlier && earlier.channel === 'vendor-intake' && earlier.type === input.type && isOpen(earlier.state)) {
    return { receipt: receipt(earlier.id), afterCommit: async () => {} };
  }
  const request = await recordRequest(
    uow,
    scope,
    {
      type: input.type,
      channel: 'vendor-intake',
      receivedAt: now,
      requesterEmail: input.email,
      language: input.language ?? tenant.language,
      details: input.message,
      owed: ['forward-to-tenant'],
    },
    { actor: 'public:intake' },
    now,
  );
  return {
    receipt: receipt(request.id),
    afterCommit: async () => void (await sendOwedNotices(scope, request.id)),
  };
}
