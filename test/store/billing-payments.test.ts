import { describe, expect, it } from 'vitest';
import { newId } from '../../shared/ids.ts';
import { billingRepository } from '../../shared/store/billing.ts';
import { TenantScope } from '../../shared/store/tenant-scope.ts';
import { UnitOfWork } from '../../shared/store/unit-of-work.ts';

describe('billing payments', () => {
  it('BIL-8 the payments between two dates are all of them, also past the first 1 MB page of a query', async () => {
    const repository = billingRepository(TenantScope.named(newId(new Date())));
    // Payments of 300 KB each: the five asked for fill more than one page (a query returns at most 1 MB).
    const days = ['2026-03-01', '2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06'];
    for (const paidOn of days) {
      const uow = new UnitOfWork();
      repository.savePayment(uow, {
        id: newId(new Date(`${paidOn}T10:00:00Z`)),
        invoiceId: newId(new Date()),
        amountCents: 100,
        currency: 'EUR',
        paidOn,
        reference: 'x'.repeat(300_000),
        recordedAt: `${paidOn}T10:00:00.000Z`,
        recordedBy: 'test',
      });
      await uow.commit();
    }

    const found = await repository.paymentsBetween('2026-03-02', '2026-03-06');

    expect(found.map((p) => p.paidOn)).toEqual(days.slice(1));
  });
});
