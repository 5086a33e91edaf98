import type { Transition } from '../../domain/billing/lifecycle.ts';
import type { BillingAccount } from '../../model/billing.ts';
import type { BillingRepository } from '../../store/billing.ts';
import type { UnitOfWork } from '../../store/unit-of-work.ts';
import { enter } from './lifecycle.ts';

/**
 * obligation: DUN-5, DUN-6 — the effect `start-deletion`: the account enters `deleting` (its keys
 * stop at the authorizer, the deletion job lists it) and its open invoices leave the dunning list,
 * in one transaction. The caller flushes the authorizer cache after the commit.
 */
export async function enterDeletion(
  uow: UnitOfWork,
  repo: BillingRepository,
  account: BillingAccount,
  next: Transition,
  at: string,
  now: Date,
): Promise<BillingAccount> {
  const deleting = { ...enter(account, next, at, now), deletion: { startedAt: now.toISOString() } };
  repo.saveAccount(uow, deleting, account.version, account.state);
  for await (const invoice of repo.allInvoices()) if (invoice.balanceCents > 0) repo.stopDunning(uow, invoice, now);
  return deleting;
}
