import { describe, expect, it } from 'vitest';
import { formatDate, formatInstant, formatMoney, formatMonth, formatPeriod } from '../../shared/documents/money.ts';
import type { Money } from '../../shared/model/billing.ts';
import { sampleInvoice } from '../support/invoices.ts';
import type { Language } from '../../shared/model/tenant.ts';
import {
  type BillingNotice,
  contractEndingNotice,
  deletionWarningNotice,
  dormantNotice,
  invoiceIssuedNotice,
  invoiceReminderNotice,
  paymentReceivedNotice,
  reactivatedNotice,
} from '../../shared/notices/templates/billing.ts';

const invoice = sampleInvoice();

const fee: Money = { netCents: 431900, vatCents: 95018, totalCents: 526918, currency: 'EUR' };
const dormancy = {
  since: '2027-02-04T23:00:00.000Z',
  deleteAt: '2027-05-05T22:00:00.000Z',
  reactivation: { ...fee, month: '2026-12' },
  iban: 'SI56 1910 0000 0123 438',
  paymentReference: 'SI00 2026-000042',
  invoiceNumber: '2026-000042',
};

const notices: [string, (language: Language) => BillingNotice][] = [
  ['invoice issued', (l) => invoiceIssuedNotice(l, invoice)],
  ['due soon', (l) => invoiceReminderNotice(l, invoice, 'due-soon')],
  ['due today', (l) => invoiceReminderNotice(l, invoice, 'due-today')],
  ['overdue', (l) => invoiceReminderNotice(l, invoice, 'overdue')],
  ['dormancy warning', (l) => invoiceReminderNotice(l, invoice, 'dormancy-warning')],
  ['dormant', (l) => dormantNotice(l, dormancy)],
  ['deletion warning, dormancy', (l) => deletionWarningNotice(l, { deleteAt: dormancy.deleteAt, daysAhead: 30, cause: 'dormancy', reactivation: fee })],
  ['deletion warning, contract end', (l) => deletionWarningNotice(l, { deleteAt: dormancy.deleteAt, daysAhead: 7, cause: 'contract-end' })],
  ['reactivated', (l) => reactivatedNotice(l, { invoiceNumber: '2027-000101', total: fee, creditedInvoiceNumbers: ['2026-000042', '2027-000007'] })],
  ['cancellation', (l) => contractEndingNotice(l, { kind: 'cancellation', endsAt: '2027-01-31T23:00:00.000Z' })],
  ['termination', (l) => contractEndingNotice(l, { kind: 'termination', reason: 'Breach of the terms <b>', endsAt: '2027-01-31T23:00:00.000Z' })],
  ['payment received', (l) => paymentReceivedNotice(l, { invoiceNumber: '2026-000042', amount: { ...fee, totalCents: 26918 }, balanceCents: 500000, currency: 'EUR' })],
];

describe('billing notices', () => {
  describe.each(['sl', 'en'] as const)('in %s', (language) => {
    it.each(notices)('%s has a subject, a text and an html part', (_name, render) => {
      const notice = render(language);
      expect(notice.subject.length).toBeGreaterThan(5);
      expect(notice.text.startsWith(`${notice.subject}\n`)).toBe(true);
      expect(notice.html).toContain(`<html lang="${language}">`);
      expect(notice.html).not.toContain('<b>');
    });
  });

  it('are worded in their language', () => {
    expect(invoiceIssuedNotice('sl', invoice).text).toContain('rok plačila je 5. 1. 2027');
    expect(invoiceIssuedNotice('en', invoice).text).toContain('due on 5 January 2027');
    expect(invoiceIssuedNotice('en', invoice).text).not.toMatch(/račun|rok plačila/i);
  });

  it('DUN-1 the issued notice states the amount, due, dormancy and deletion dates up front, and where the invoice is', () => {
    const sl = invoiceIssuedNotice('sl', invoice);
    expect(sl.subject).toBe('Račun 2026-000042: 5.269,18\u00a0€, rok plačila 5. 1. 2027');
    expect(sl.text).toContain('za obdobje november 2026');
    expect(sl.text).toContain('Če bo račun 5. 2. 2027 ob 00:00 (srednjeevropski čas) še neplačan, bo naročnina vaše organizacije prešla v mirovanje.');
    expect(sl.text).toContain('do 6. 5. 2027 ob 00:00 (srednjeevropski poletni čas) ne aktivirate znova, bodo vsi podatki vaše organizacije izbrisani');
    expect(sl.text).toContain('IBAN SI56 1910 0000 0123 438 s sklicem SI00 2026-000042');

    const en = invoiceIssuedNotice('en', invoice).text;
    expect(en).toContain('€5,269.18 including VAT, due on 5 January 2027');
    expect(en).toContain('If it is still unpaid on 5 February 2027 at 00:00 (Central European Time), your organisation\'s account becomes dormant.');
    expect(en).toContain('not reactivated by 6 May 2027 at 00:00 (Central European Summer Time), all of your organisation\'s data will be deleted');
    expect(en).toContain('GET /v1/billing/invoices/01m81zrxcza7f1b6swr9dfc11c/html');
    expect(en).toContain('JSON at GET /v1/billing/invoices/01m81zrxcza7f1b6swr9dfc11c.');
    // The consequences come before the payment details.
    expect(en.indexOf('becomes dormant')).toBeLessThan(en.indexOf('Pay by bank transfer'));
  });

  it('DUN-1 reminders state the balance and due date; only overdue and the warning speak of dormancy', () => {
    const partlyPaid = { ...invoice, paidCents: 26918, balanceCents: 500000 };
    for (const kind of ['due-soon', 'due-today', 'overdue', 'dormancy-warning'] as const) {
      const text = invoiceReminderNotice('en', partlyPaid, kind).text;
      expect(text).toContain('€5,000.00');
      expect(text).toContain('5 January 2027');
      expect(text.includes('402 Payment Required')).toBe(kind === 'overdue' || kind === 'dormancy-warning');
    }
    const warning = invoiceReminderNotice('sl', partlyPaid, 'dormancy-warning');
    expect(warning.subject).toBe('Naročnina bo 5. 2. 2027 prešla v mirovanje');
    expect(warning.text).toContain('zajem podatkov (vnosi časa) še deluje');
    expect(warning.text).toContain('6. 5. 2027 ob 00:00');
  });

  it('DUN-3, DUN-4 the dormant notice says capture keeps working, the rest answers 402, and what reactivation costs', () => {
    const en = dormantNotice('en', dormancy).text;
    expect(en).toContain('Still working: data capture (time entries).');
    expect(en).toContain('every other API request answers 402 Payment Required');
    expect(en).toContain('pay €5,269.18 (€4,319.00 net + €950.18 VAT): one monthly fee at the price of December 2026');
    expect(en).toContain('IBAN SI56 1910 0000 0123 438 with the payment reference SI00 2026-000042');
    expect(en).toContain('deleted on 6 May 2027 at 00:00 (Central European Summer Time)');

    const sl = dormantNotice('sl', dormancy).text;
    expect(sl).toContain('Še deluje: zajem podatkov (vnosi časa).');
    expect(sl).toContain('plačajte 5.269,18\u00a0€ (neto 4.319,00\u00a0€ + DDV 950,18\u00a0€): eno mesečno naročnino po ceni za december 2026');
  });

  it('DUN-5 deletion warnings count the days in the language and say how to prevent the deletion', () => {
    const base = { deleteAt: dormancy.deleteAt, cause: 'dormancy' as const, reactivation: fee, iban: dormancy.iban, paymentReference: 'R-1' };
    expect(deletionWarningNotice('sl', { ...base, daysAhead: 30 }).text).toContain('Čez 30 dni, 6. 5. 2027 ob 00:00');
    expect(deletionWarningNotice('sl', { ...base, daysAhead: 2 }).text).toContain('Čez 2 dneva,');
    expect(deletionWarningNotice('sl', { ...base, daysAhead: 3 }).text).toContain('Čez 3 dneve,');
    expect(deletionWarningNotice('sl', { ...base, daysAhead: 1 }).text).toContain('Čez 1 dan,');
    const en = deletionWarningNotice('en', { ...base, daysAhead: 7 });
    expect(en.subject).toBe('Your data will be deleted on 6 May 2027');
    expect(en.text).toContain('In 7 days, on 6 May 2027');
    expect(en.text).toContain('pay the reactivation fee of €5,269.18');
    expect(en.text).toContain('with the payment reference R-1');
    expect(deletionWarningNotice('en', { deleteAt: dormancy.deleteAt, daysAhead: 1, cause: 'dormancy' }).text).toContain(
      'In 1 day, on 6 May 2027 at 00:00 (Central European Summer Time), all of your organisation\'s data will be deleted',
    );
  });

  it('DUN-6 a deletion warning after the contract ends asks for an export', () => {
    const text = deletionWarningNotice('en', { deleteAt: dormancy.deleteAt, daysAhead: 7, cause: 'contract-end' }).text;
    expect(text).toContain('export any data you need before that date');
    expect(text).not.toContain('reactivation');
  });

  it('DUN-4 the reactivated notice lists the invoices its fee replaced', () => {
    const notice = reactivatedNotice('en', { invoiceNumber: '2027-000101', total: fee, creditedInvoiceNumbers: ['2026-000042', '2027-000007'] });
    expect(notice.text).toContain('active again');
    expect(notice.text).toContain('- invoice 2026-000042\n- invoice 2027-000007');
    expect(notice.html).toContain('<li>invoice 2026-000042</li>');
    expect(reactivatedNotice('en', { invoiceNumber: '2027-000101', total: fee, creditedInvoiceNumbers: [] }).text).not.toContain('credit notes');
  });

  it('BIL-6, TRM-3, DUN-6 contract ending: no refund on cancellation, the reason on termination, export until the end', () => {
    const cancellation = contractEndingNotice('en', { kind: 'cancellation', endsAt: '2027-01-31T23:00:00.000Z' }).text;
    expect(cancellation).toContain('Fees already paid are not refunded.');
    expect(cancellation).toContain('on 1 February 2027 at 00:00 (Central European Time)');
    expect(cancellation).toContain('can export your data');
    expect(cancellation).toContain('Invoices are kept');

    const termination = contractEndingNotice('sl', { kind: 'termination', reason: 'Kršitev pogojev.', endsAt: '2027-01-31T23:00:00.000Z' });
    expect(termination.text).toContain('Razlog: Kršitev pogojev.');
    expect(termination.text).toContain('Pogodba preneha 1. 2. 2027 ob 00:00 (srednjeevropski čas).');
    expect(termination.text).toContain('lahko izvozite svoje podatke');
  });

  it('the payment receipt states the amount and what is left', () => {
    const part = paymentReceivedNotice('sl', { invoiceNumber: '2026-000042', amount: { ...fee, totalCents: 26918 }, balanceCents: 500000, currency: 'EUR' });
    expect(part.text).toContain('Evidentirali smo plačilo 269,18\u00a0€ za račun 2026-000042.');
    expect(part.text).toContain('Še odprto: 5.000,00\u00a0€.');
    expect(paymentReceivedNotice('en', { invoiceNumber: '2026-000042', amount: fee, balanceCents: 0, currency: 'EUR' }).text).toContain('The invoice is now settled.');
    expect(paymentReceivedNotice('en', { invoiceNumber: '2026-000042', amount: fee, balanceCents: -1000, currency: 'EUR' }).text).toContain('Overpaid: €10.00 is owed to you.');
  });
});

describe('money and dates for documents and e-mails', () => {
  it.each([
    { cents: 123456, sl: '1.234,56\u00a0€', en: '€1,234.56' },
    { cents: 5, sl: '0,05\u00a0€', en: '€0.05' },
    { cents: 100_000_000, sl: '1.000.000,00\u00a0€', en: '€1,000,000.00' },
  ])('formats $cents cents', ({ cents, sl, en }) => {
    expect(formatMoney(cents, 'EUR', 'sl')).toBe(sl);
    expect(formatMoney(cents, 'EUR', 'en')).toBe(en);
  });

  it('formats calendar dates, months and periods', () => {
    expect(formatDate('2026-11-23', 'sl')).toBe('23. 11. 2026');
    expect(formatDate('2026-11-23', 'en')).toBe('23 November 2026');
    expect(formatMonth('2026-02', 'sl')).toBe('februar 2026');
    expect(formatPeriod('2026-02-01', '2026-02-28', 'en')).toBe('February 2026');
    expect(formatPeriod('2026-01-01', '2026-12-31', 'sl')).toBe('1. 1. 2026 – 31. 12. 2026');
  });

  it.each([
    { case: 'winter midnight', at: '2026-11-30T23:00:00Z', sl: '1. 12. 2026 ob 00:00 (srednjeevropski čas)', en: '1 December 2026 at 00:00 (Central European Time)' },
    { case: 'summer midnight', at: '2026-07-01T22:00:00Z', sl: '2. 7. 2026 ob 00:00 (srednjeevropski poletni čas)', en: '2 July 2026 at 00:00 (Central European Summer Time)' },
    { case: 'just after the clocks go forward', at: '2026-03-29T01:00:00Z', sl: '29. 3. 2026 ob 03:00 (srednjeevropski poletni čas)', en: '29 March 2026 at 03:00 (Central European Summer Time)' },
    { case: 'the first 02:30 of the night the clocks go back', at: '2026-10-25T00:30:00Z', sl: '25. 10. 2026 ob 02:30 (srednjeevropski poletni čas)', en: '25 October 2026 at 02:30 (Central European Summer Time)' },
    { case: 'the second 02:30 of that night', at: '2026-10-25T01:30:00Z', sl: '25. 10. 2026 ob 02:30 (srednjeevropski čas)', en: '25 October 2026 at 02:30 (Central European Time)' },
  ])('formats an instant in Ljubljana time: $case', ({ at, sl, en }) => {
    expect(formatInstant(at, 'sl')).toBe(sl);
    expect(formatInstant(at, 'en')).toBe(en);
  });
});
