import { transition } from '../../domain/billing/lifecycle.ts';
import type { LifecycleEvent, Transition } from '../../domain/billing/lifecycle.ts';
import { Problem } from '../../http/problem.ts';
import type { BillingAccount } from '../../model/billing.ts';

/**
 * The transition the lifecycle table gives for `event`, or a 409 naming the state it does not
 * apply in: services change a state only through this.
 */
export function mustTransition(account: BillingAccount, event: LifecycleEvent): Transition {
  const next = transition(account.state, event);
  if (!next) throw new Problem('conflict', `Not possible while the tenant is ${account.state} (${event})`);
  return next;
}

/** The account after a transition: the new state since `at`, one version on. */
export function enter(account: BillingAccount, next: Transition, at: string, now: Date): BillingAccount {
  return { ...account, state: next.to, stateSince: at, version: account.version + 1, updatedAt: now.toISOString() };
}
