import { contractEnd } from '../../domain/billing/deadlines.ts';
import type { OperatorAuth, TenantAuth } from '../../http/auth.ts';
import type { BillingAccount } from '../../model/billing.ts';
import { contractEndingNotice } from '../../notices/templates/billing.ts';
import { recordAudit } from '../../store/audit.ts';
import { billingRepository } from '../../store/billing.ts';
import type { TenantScope } from '../../store/tenant-scope.ts';
import type { UnitOfWork } from '../../store/unit-of-work.ts';
import { loadBilling } from './accounts.ts';
import { enter, mustTransition } from './lifecycle.ts';
import { enterDeletion } from './deletion-start.ts';
import { sendBillingNotice } from './notices.ts';
import { oweAuthorizerFlush } from '../authorizer-cache.ts';

/**
 * obligation: BIL-6, DUN-6, TRM-3 — a cancellation (by the tenant, in writing through the API) or
 * a termination (by the operator, with a reason) ends the contract at the end of the period
 * already invoiced, without refund; access and export stay until then, deletion follows. A
 * dormant tenant has no paid period left: its termination starts the deletion at once.
 */
export async function endContract(
  uow: UnitOfWork,
  scope: TenantScope,
  request: { kind: 'cancellation' | 'termination'; reason?: string },
  auth: TenantAuth | OperatorAuth,
  now: Date,
) {
  const { tenant, account } = await loadBilling(scope);
  const next = mustTransition(account, request.kind === 'cancellation' ? 'cancelled' : 'terminated');
  const endsAt = next.to === 'deleting' ? now.toISOString() : contractEnd(account.plan, now);
  const { dormancy: _dropped, ...rest } = account;
  const ended: BillingAccount = {
    ...(rest as BillingAccount),
    ending: {
      kind: request.kind,
      requestedAt: now.toISOString(),
      requestedBy: auth.actor,
      ...(request.reason === undefined ? {} : { reason: request.reason }),
      endsAt,
    },
  };
  const repo = billingRepository(scope);
  let saved: BillingAccount;
  if (next.to === 'deleting') {
    saved = await enterDeletion(uow, repo, ended, next, endsAt, now);
  } else {
    saved = enter(ended, next, now.toISOString(), now);
    repo.saveAccount(uow, saved, account.version, account.state);
  }
  recordAudit(uow, scope, { actor: auth.actor, action: 'update', entity: 'billing-account', entityId: scope.tenantId, fields: ['state', 'ending'], at: now });
  // obligation: DUN-6, TEN-2 — a deletion starting now stops the keys at once; a failed flush stays owed.
  const flush = next.to === 'deleting' ? oweAuthorizerFlush(uow, scope, now) : undefined;
  return {
    account: saved,
    afterCommit: async () => {
      await flush?.();
      await sendBillingNotice(
        tenant,
        scope,
        `contract-${request.kind}`,
        endsAt,
        contractEndingNotice(tenant.language, { kind: request.kind, ...(request.reason === undefined ? {} : { reason: request.reason }), endsAt }),
      );
    },
  };
}
