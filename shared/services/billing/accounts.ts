import { firstDayOf, localDateOf, monthOf, nextMonth } from '../../domain/billing/calendar.ts';
import { isPeriodStart } from '../../domain/billing/charges.ts';
import { liabilityCap, liabilityWindowStart } from '../../domain/billing/liability.ts';
import { RuleViolation } from '../../domain/rule-violation.ts';
import type { OperatorAuth } from '../../http/auth.ts';
import { Problem } from '../../http/problem.ts';
import type { AssignPlanInput, BillingAccount, Plan } from '../../model/billing.ts';
import type { Tenant } from '../../model/tenant.ts';
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

/** Whether `date` opens a plan year of an annual plan (its start or an anniversary). */
function opensPlanYear(plan: Plan, date: string): boolean {
  const [sy, sm] = plan.startsOn.split('-').map(Number) as [number, number];
  const [y, m] = date.split('-').map(Number) as [number, number];
  const months = (y - sy) * 12 + (m - sm);
  return months >= 0 && months % 12 === 0;
}

/**
 * obligation: BIL-1 — the operator assigns a monthly or annual plan, priced per end user. A plan
 * not yet invoiced is replaced; once invoicing has begun, a new plan is scheduled from a period
 * not yet invoiced (the current plan bills every period before it), and an annual plan, paid in
 * advance, can only be left at the end of a plan year (BIL-4).
 */
export async function assignPlan(uow: UnitOfWork, scope: TenantScope, input: AssignPlanInput, auth: OperatorAuth, now: Date) {
  const { account } = await loadBilling(scope);
  if (account.state !== 'active') throw new Problem('conflict', `A plan can be assigned only to an active tenant; this one is ${account.state}`);
  const firstUnbilled = account.lastPeriod === undefined ? firstDayOf(monthOf(now)) : firstDayOf(nextMonth(account.lastPeriod));
  const startsOn = input.startsOn ?? firstUnbilled;
  if (!isPeriodStart(startsOn)) throw new RuleViolation('startsOn', 'must be the first day of a month', 'body');
  if (startsOn < firstDayOf(monthOf(now))) throw new RuleViolation('startsOn', 'must not lie before the current month', 'body');
  if (startsOn < firstUnbilled) throw new RuleViolation('startsOn', `must not lie before ${firstUnbilled}, the first period not yet invoiced`, 'body');
  const current = account.lastPeriod === undefined ? undefined : account.plan;
  if (current?.interval === 'annual' && !opensPlanYear(current, startsOn)) {
    throw new RuleViolation('startsOn', 'must open a new plan year: the current annual plan is paid in advance until then', 'body');
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
  const { nextPlan: _replaced, ...rest } = account;
  const next: BillingAccount = {
    ...rest,
    ...(current === undefined ? { plan } : { nextPlan: plan }),
    version: account.version + 1,
    updatedAt: now.toISOString(),
  };
  billingRepository(scope).saveAccount(uow, next, account.version, account.state);
  recordAudit(uow, scope, { actor: auth.actor, action: account.plan ? 'update' : 'create', entity: 'billing-account', entityId: scope.tenantId, fields: ['plan'], at: now });
  return next;
}

/** The plan that bills `period`: a scheduled plan from its start, the current one before. */
export function planFor(account: BillingAccount, period: string): Plan | undefined {
  return account.nextPlan && period >= account.nextPlan.startsOn.slice(0, 7) ? account.nextPlan : account.plan;
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
