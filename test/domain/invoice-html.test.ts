import { describe, expect, it } from 'vitest';
import { renderCreditNoteHtml } from '../../shared/documents/credit-note-html.ts';
import { renderInvoiceHtml } from '../../shared/documents/invoice-html.ts';
import type { CreditNote } from '../../shared/model/billing.ts';
import { sampleInvoice as invoice, seller } from '../support/invoices.ts';

const reverseCharge = invoice({
  language: 'en',
  buyer: { name: 'Kunde GmbH', address: 'Beispielstraße 3\n10115 Berlin', country: 'DE', vatNumber: 'DE123456789' },
  vat: { treatment: 'reverse-charge', ratePercent: 0, amountCents: 0, note: 'Reverse charge: VAT to be accounted for by the recipient (Article 196, Directive 2006/112/EC).' },
  totalCents: 431900,
  balanceCents: 431900,
});

const creditNote: CreditNote = {
  id: '01m81zrxrfx6hw5b5f3apat67r',
  number: 'D-2026-000003',
  invoiceId: '01m81zrxcza7f1b6swr9dfc11c',
  invoiceNumber: '2026-000042',
  reason: 'sla-credit',
  note: 'Izpad 3. 11. 2026',
  language: 'sl',
  issuedOn: '2026-12-10',
  seller,
  buyer: invoice().buyer,
  currency: 'EUR',
  netCents: 43190,
  vat: { treatment: 'domestic', ratePercent: 22, amountCents: 9502 },
  totalCents: 52692,
  createdAt: '2026-12-10T09:00:00.000Z',
};

/** The visible text, so that assertions read like the printed page. */
const textOf = (html: string) =>
  html
    .replace(/<style>[\s\S]*?<\/style>/, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/[ \t\r\n]+/g, ' ');

describe('printable invoice', () => {
  it('is a complete page in the invoice language with nothing loaded from elsewhere', () => {
    const html = renderInvoiceHtml(invoice());
    expect(html).toMatch(/^<!doctype html>\n<html lang="sl">/);
    expect(html).toContain('@media print');
    expect(html).toContain('size: A4');
    expect(html).not.toMatch(/<script|<link|src=|url\(/i);
    expect(renderInvoiceHtml(reverseCharge)).toMatch(/<html lang="en">/);
  });

  it('BIL-9 shows the invoice number in the heading and the title', () => {
    const html = renderInvoiceHtml(invoice());
    expect(html).toContain('<title>Račun 2026-000042</title>');
    expect(textOf(html)).toContain('Račun št. 2026-000042');
    expect(textOf(renderInvoiceHtml(reverseCharge))).toContain('Invoice No. 2026-000042');
  });

  it('BIL-5 domestic: a 22% VAT line with its amount, and the total', () => {
    const text = textOf(renderInvoiceHtml(invoice()));
    expect(text).toContain('Skupaj brez DDV 4.319,00\u00a0€');
    expect(text).toContain('DDV 22\u00a0% 950,18\u00a0€');
    expect(text).toContain('Skupaj z DDV 5.269,18\u00a0€');
    expect(text).toContain('Cene so navedene brez DDV.');
    expect(text).not.toContain('Opomba o DDV');
  });

  it('BIL-5 reverse charge: 0% VAT and the legal note, with the buyer VAT number', () => {
    const text = textOf(renderInvoiceHtml(reverseCharge));
    expect(text).toContain('VAT 0% €0.00');
    expect(text).toContain('VAT note: Reverse charge: VAT to be accounted for by the recipient (Article 196, Directive 2006/112/EC).');
    expect(text).toContain('VAT number DE123456789');
    expect(text).toContain('Germany');
  });

  it('states dates, period, seller and buyer, payment and balance (BIL-3)', () => {
    const text = textOf(renderInvoiceHtml(invoice({ paidCents: 26918, balanceCents: 500000 })));
    for (const fact of [
      'Datum izdaje 1. 12. 2026',
      'Obdobje storitve november 2026',
      'Rok plačila 5. 1. 2027',
      'Ponudnik storitev d.o.o. Testna ulica 1 1000 Ljubljana Slovenija',
      'ID za DDV SI00000000 IBAN SI56 1910 0000 0123 438',
      'Kupec d.o.o. Druga ulica 5 2000 Maribor Slovenija',
      'Plačano 269,18\u00a0€',
      'Dobropisano 0,00\u00a0€',
      'Odprto za plačilo 5.000,00\u00a0€',
      'Prosimo, nakažite 5.000,00\u00a0€ na spodnji račun do 5. 1. 2027.',
      'Sklic SI00 2026-000042',
    ]) {
      expect(text).toContain(fact);
    }
    expect(textOf(renderInvoiceHtml(invoice({ paidCents: 526918, balanceCents: 0, status: 'paid' })))).toContain('Račun je poravnan');
    const overCredited = textOf(renderInvoiceHtml(invoice({ paidCents: 526918, creditedCents: 52692, balanceCents: -52692, status: 'paid' })));
    expect(overCredited).toContain('V vašo korist 526,92\u00a0€');
    expect(overCredited).toContain('Dobropisi presegajo odprti znesek: 526,92\u00a0€ vam dolgujemo.');
    expect(overCredited).not.toMatch(/[-\u2212]\s?526/);
  });

  it('Slovenian and English labels', () => {
    const sl = textOf(renderInvoiceHtml(invoice()));
    const en = textOf(renderInvoiceHtml({ ...invoice(), language: 'en' }));
    expect(sl).toContain('Opis Količina Cena na uporabnika in mesec Meseci Neto znesek');
    expect(en).toContain('Description Quantity Unit price per user and month Months Net amount');
    expect(en).toContain('Issue date 1 December 2026');
    expect(en).toContain('Service period November 2026');
    expect(en).toContain('Balance due €5,269.18');
    expect(en).not.toMatch(/Račun|Rok plačila/);
  });

  it('BIL-2 a metered line shows the peak and the Ljubljana date it was reached', () => {
    // 23:30 UTC on 22 November is already 23 November in Ljubljana.
    expect(textOf(renderInvoiceHtml(invoice()))).toContain(
      'Naročnina, november 2026 Najvišje število končnih uporabnikov: 1234 (23. 11. 2026) 1234 3,50\u00a0€ 1 4.319,00\u00a0€',
    );
    expect(textOf(renderInvoiceHtml({ ...invoice(), language: 'en' }))).toContain('Peak of 1,234 end users on 23 November 2026');
  });

  it('escapes every piece of data', () => {
    const html = renderInvoiceHtml(
      invoice({ buyer: { name: '<script>alert(1)</script> & Co', country: 'SI' }, paymentReference: '"><img src=x>' }),
    );
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co');
    expect(html).toContain('&quot;&gt;&lt;img src=x&gt;');
  });

  it('uses table headers with scope for the lines and the totals', () => {
    const html = renderInvoiceHtml(invoice());
    expect(html.match(/<th scope="col"/g)).toHaveLength(5);
    expect(html).toContain('<th scope="row">Skupaj z DDV</th>');
  });
});

describe('printable credit note', () => {
  it('BIL-7 is its own numbered document that names the invoice it reduces and why', () => {
    const html = renderCreditNoteHtml(creditNote);
    const text = textOf(html);
    expect(html).toContain('<title>Dobropis D-2026-000003</title>');
    expect(text).toContain('Dobropis št. D-2026-000003');
    expect(text).toContain('Zmanjšuje račun 2026-000042');
    expect(text).toContain('Ta dobropis zmanjšuje račun št. 2026-000042 za spodnji znesek.');
    expect(text).toContain('Dobropis zaradi nedosežene razpoložljivosti storitve (SLA) Izpad 3. 11. 2026 431,90\u00a0€');
    expect(text).toContain('DDV 22\u00a0% 95,02\u00a0€');
    expect(text).toContain('Skupaj dobropis z DDV 526,92\u00a0€');
  });

  it('BIL-7 in English, with the reverse-charge note carried over', () => {
    const text = textOf(
      renderCreditNoteHtml({
        ...creditNote,
        language: 'en',
        reason: 'sub-processor-objection',
        vat: { ...reverseCharge.vat, amountCents: 0 },
        totalCents: 43190,
      }),
    );
    expect(text).toContain('Credit note No. D-2026-000003');
    expect(text).toContain('Reduces invoice 2026-000042');
    expect(text).toContain('Refund after an objection to a new sub-processor');
    expect(text).toContain('VAT 0% €0.00');
    expect(text).toContain('VAT note: Reverse charge');
  });
});
