import { firstDayOf, localDateOf, monthOf } from '../../domain/billing/calendar.ts';
import { isPeriodStart } from '../../domain/billing/charges.ts';
import { liabilityCap, liabilityWindowStart } from '../../domain/billing/liability.ts';
import { RuleViolation } from '../../domain/rule-violation.ts';
import type { OperatorAuth } from '../../http/auth.ts';
import { Problem } from '../../http/problem.ts';
import type { AssignPlanInput, BillingAccount, Plan } from '../../http/schemas/billing.ts';
import type { Tenant } from '../../http/schemas/tenant.ts';
import { recordAudit } from '../../store/audit.ts';
import { billingRepository } from '../../store/billing.ts';
import { usageOf } from '../../store/seat-meter.ts';
import type { TenantScope } from '../../store/tenant-scope.ts';
import type { UnitOfWork } from '../../store/unit-of-work.ts';
import { requireTenant } from '../tenants.ts';

export interface Billing {
  tenant: Tenant;
  account: BillingAccount;
}

/** The tenant and its billing account (an implicit active one before a plan is assigned). */
export async function loadBilling(scope: TenantScope): Promise<Billing> {
  const tenant = await requireTenant(scope);
  return { tenant, account: await billingRepository(scope).account(tenant.createdAt) };
}

/**
 * obligation: BIL-1 — the operator assigns a monthly or annual plan, priced per end user. It
 * applies from a period start (the first of a month) not yet invoiced; an annual plan names the
 * seats it pays in advance (BIL-4).
 */
export async function assignPlan(uow: UnitOfWork, scope: TenantScope, input: AssignPlanInput, auth: OperatorAuth, now: Date) {
  const { account } = await loadBilling(scope);
  if (account.state !== 'active') throw new Problem('conflict', `A plan can be assigned only to an active tenant; this one is ${account.state}`);
  const startsOn = input.startsOn ?? firstDayOf(monthOf(now));
  if (!isPeriodStart(startsOn)) throw new RuleViolation('startsOn', 'must be the first day of a month', 'body');
  if (startsOn < firstDayOf(monthOf(now))) throw new RuleViolation('startsOn', 'must not lie before the current month', 'body');
  if (account.lastPeriod !== undefined && startsOn.slice(0, 7) <= account.lastPeriod) {
    throw new RuleViolation('startsOn', `must lie after the last invoiced period ${account.lastPeriod}`, 'body');
  }
  if (input.interval === 'annual' && input.committedSeats === undefined) {
    throw new RuleViolation('committedSeats', 'is required for an annual plan', 'body');
  }
  if (input.interval === 'monthly' && input.committedSeats !== undefined) {
    throw new RuleViolation('committedSeats', 'applies to annual plans only', 'body');
  }
  const plan: Plan = {
    interval: input.interval,
    unitPriceCents: input.unitPriceCents,
    currency: input.currency,
    ...(input.committedSeats === undefined ? {} : { committedSeats: input.committedSeats }),
    startsOn,
  };
  const at = now.toISOString();
  const next: BillingAccount = {
    ...account,
    plan,
    version: account.version + 1,
    updatedAt: at,
  };
  billingRepository(scope).saveAccount(uow, next, account.version, account.state);
  recordAudit(uow, scope, { actor: auth.actor, action: account.plan ? 'update' : 'create', entity: 'billing-account', entityId: scope.tenantId, fields: ['plan'], at: now });
  return next;
}

/** The account with this month's usage so far: live seats and the peak (BIL-2). */
export async function billingOverview(scope: TenantScope, now: Date) {
  const found = await billingRepository(scope).withProfileAndSeats();
  if (!found) throw new Problem('notFound', 'No such tenant');
  if (found.profile.status === 'deleted') throw new Problem('tenantDeleted', `The tenant's data was deleted; its invoices are kept`);
  return { ...found.account, usage: usageOf(found.seats, now) };
}

/** obligation: BIL-8 — the liability cap at a date: 10% of what the tenant paid in the six months up to it. */
export async function liabilityCapAt(scope: TenantScope, at: string | undefined, now: Date) {
  const day = at ?? localDateOf(now);
  const payments = await billingRepository(scope).paymentsBetween(liabilityWindowStart(day), day);
  // Payments prove the tenant; only without any is it worth a read to tell "none" from "no such tenant".
  if (payments.length === 0) await requireTenant(scope);
  return liabilityCap(payments, day);
}
