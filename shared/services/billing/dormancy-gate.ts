import { Problem } from '../../http/problem.ts';
import type { RouteDefinition } from '../../http/route-definition.ts';
import type { TenantAuth } from '../../http/auth.ts';
import { billingRepository } from '../../store/billing.ts';
import { TenantScope } from '../../store/tenant-scope.ts';
import { sellerDetails } from '../../config/seller.ts';

/** Routes a capture device uses keep working while the tenant is dormant (DAT-8, DUN-3). */
export function isCaptureRoute(route: RouteDefinition): boolean {
  return route.scopes?.includes('capture') ?? false;
}

/**
 * obligation: DUN-3 — while dormant, every other route answers 402 with what to pay, where, and
 * by when the data is deleted otherwise. Only a refused request pays for this read.
 */
export async function refuseWhileDormant(route: RouteDefinition, auth: TenantAuth): Promise<void> {
  if (auth.access === 'full' || isCaptureRoute(route)) return;
  const account = await billingRepository(TenantScope.ofTenant(auth)).account();
  const dormancy = account.dormancy;
  throw new Problem(
    'paymentRequired',
    'The tenant is dormant: an invoice is unpaid 30 days after its due date. Data capture keeps working; pay the reactivation amount to use the rest of the API again.',
    dormancy
      ? {
          reactivation: {
            totalCents: dormancy.reactivation.totalCents,
            currency: dormancy.reactivation.currency,
            iban: sellerDetails().iban,
            paymentReference: dormancy.reactivation.paymentReference,
          },
          deleteAt: dormancy.deleteAt,
        }
      : {},
  );
}
