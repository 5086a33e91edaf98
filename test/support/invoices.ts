import type { Invoice } from '../../shared/model/billing.ts';

/** A seller as the stage config gives one (made up). */
export const seller = {
  name: 'Ponudnik storitev d.o.o.',
  address: 'Testna ulica 1\n1000 Ljubljana',
  country: 'SI',
  vatNumber: 'SI00000000',
  iban: 'SI56 1910 0000 0123 438',
  email: 'billing@vendor.example',
};

/** A Slovenian monthly invoice for 1,234 end users, open; `overrides` change any field. */
export function sampleInvoice(overrides: Partial<Invoice> = {}): Invoice {
  return {
    id: '01m81zrxcza7f1b6swr9dfc11c',
    number: '2026-000042',
    kind: 'subscription',
    language: 'sl',
    issuedOn: '2026-12-01',
    periodStart: '2026-11-01',
    periodEnd: '2026-11-30',
    dueOn: '2027-01-05',
    dueAt: '2027-01-05T23:00:00.000Z',
    dormantAt: '2027-02-04T23:00:00.000Z',
    deleteAt: '2027-05-05T22:00:00.000Z',
    reminders: [],
    seller,
    buyer: { name: 'Kupec d.o.o.', address: 'Druga ulica 5\n2000 Maribor', country: 'SI', vatNumber: 'SI11111111' },
    currency: 'EUR',
    lines: [
      {
        kind: 'monthly',
        description: 'Naročnina, november 2026',
        quantity: 1234,
        unitPriceCents: 350,
        months: 1,
        netCents: 431900,
        meter: { month: '2026-11', peak: 1234, peakAt: '2026-11-22T23:30:00.000Z' },
      },
    ],
    netCents: 431900,
    vat: { treatment: 'domestic', ratePercent: 22, amountCents: 95018 },
    totalCents: 526918,
    paidCents: 0,
    creditedCents: 0,
    balanceCents: 526918,
    status: 'open',
    paymentReference: 'SI00 2026-000042',
    createdAt: '2026-12-01T07:00:00.000Z',
    version: 1,
    ...overrides,
  };
}

