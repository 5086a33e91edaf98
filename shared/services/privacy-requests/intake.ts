import type * as z from 'zod/mini';
import type { TenantAuth } from '../../http/auth.ts';
import { Problem } from '../../http/problem.ts';
import type { createPrivacyRequestBody, intakeBody } from '../../http/schemas/privacy-request.ts';
import { TenantScope } from '../../store/tenant-scope.ts';
import type { UnitOfWork } from '../../store/unit-of-work.ts';
import { requireSubject } from '../subjects.ts';
import { sendOwedNotices } from './notices.ts';
import { recordRequest, requireTenant } from './requests.ts';

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
 * that a tenant with this id exists, which its id already implies to whoever has it.
 */
export async function forwardIntake(uow: UnitOfWork, input: z.infer<typeof intakeBody>, now: Date) {
  const scope = TenantScope.named(input.tenantId);
  const tenant = await requireTenant(scope).catch(() => {
    throw new Problem('notFound', 'No organisation with this id uses Skrbnik');
  });
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
    receipt: {
      reference: request.id,
      forwarded: true,
      message: `Your request was forwarded to ${tenant.name}, who decides on it and answers you. Skrbnik processes data on their behalf and does not answer requests itself.`,
    },
    afterCommit: async () => void (await sendOwedNotices(scope, request.id)),
  };
}
