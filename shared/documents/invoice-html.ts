import { localDateOf } from '../domain/billing/calendar.ts';
import type { Invoice, InvoiceLine, MeterReading } from '../model/billing.ts';
import type { Language } from '../model/tenant.ts';
import { escapeHtml } from '../notices/layout.ts';
import { detailsHtml, documentPage, moneyHtml, partiesHtml, totalsHtml } from './layout.ts';
import { formatDate, formatMoney, formatMonth, formatNumber, formatPeriod } from './money.ts';

const LABELS = {
  sl: {
    title: 'Račun',
    issuedOn: 'Datum izdaje',
    period: 'Obdobje storitve',
    dueOn: 'Rok plačila',
    lines: 'Postavke',
    description: 'Opis',
    quantity: 'Količina',
    unitPrice: 'Cena na uporabnika in mesec',
    months: 'Meseci',
    net: 'Neto znesek',
    total: 'Skupaj z DDV',
    paid: 'Plačano',
    credited: 'Dobropisano',
    balance: 'Odprto za plačilo',
    payment: 'Plačilo',
    reference: 'Sklic',
    payBy: (amount: string, due: string) => `Prosimo, nakažite ${amount} na spodnji račun do ${due}.`,
    settled: 'Račun je poravnan; nič ni več odprto za plačilo.',
    owedToBuyer: 'V vašo korist',
    owed: (amount: string) => `Dobropisi presegajo odprti znesek: ${amount} vam dolgujemo.`,
  },
  en: {
    title: 'Invoice',
    issuedOn: 'Issue date',
    period: 'Service period',
    dueOn: 'Due date',
    lines: 'Items',
    description: 'Description',
    quantity: 'Quantity',
    unitPrice: 'Unit price per user and month',
    months: 'Months',
    net: 'Net amount',
    total: 'Total',
    paid: 'Paid',
    credited: 'Credited',
    balance: 'Balance due',
    payment: 'Payment',
    reference: 'Payment reference',
    payBy: (amount: string, due: string) => `Please transfer ${amount} to the account below by ${due}.`,
    settled: 'This invoice is settled; nothing is left to pay.',
    owedToBuyer: 'Owed to you',
    owed: (amount: string) => `The credit notes exceed what was left to pay: ${amount} is owed to you.`,
  },
} as const;

/** obligation: BIL-2 — a metered line shows the peak it was charged for and when it was reached. */
function meterText(meter: MeterReading, language: Language): string {
  const when = meter.peakAt ? formatDate(localDateOf(new Date(meter.peakAt)), language) : formatMonth(meter.month, language);
  const peak = formatNumber(meter.peak, language);
  if (language === 'sl') return `Najvišje število končnih uporabnikov: ${peak} (${when})`;
  return `Peak of ${peak} end ${meter.peak === 1 ? 'user' : 'users'} ${meter.peakAt ? 'on' : 'in'} ${when}`;
}

function lineRow(line: InvoiceLine, currency: string, language: Language): string {
  const meter = line.meter ? `<span class="sub">${escapeHtml(meterText(line.meter, language))}</span>` : '';
  return `<tr>
<td>${escapeHtml(line.description)}${meter}</td>
<td class="amount">${escapeHtml(formatNumber(line.quantity, language))}</td>
<td class="amount">${moneyHtml(line.unitPriceCents, currency, language)}</td>
<td class="amount">${escapeHtml(formatNumber(line.months, language))}</td>
<td class="amount">${moneyHtml(line.netCents, currency, language)}</td>
</tr>`;
}

/** obligation: BIL-3, BIL-5, BIL-9 — the invoice as a printable page in its own language. */
export function renderInvoiceHtml(invoice: Invoice): string {
  const { language, currency } = invoice;
  const labels = LABELS[language];
  const dueOn = formatDate(invoice.dueOn, language);
  const details = detailsHtml([
    [labels.issuedOn, formatDate(invoice.issuedOn, language)],
    [labels.period, formatPeriod(invoice.periodStart, invoice.periodEnd, language)],
    [labels.dueOn, dueOn],
  ]);
  const headers = [labels.description, labels.quantity, labels.unitPrice, labels.months, labels.net]
    .map((label, i) => `<th scope="col"${i > 0 ? ' class="amount"' : ''}>${escapeHtml(label)}</th>`)
    .join('');
  const lines = `<table class="lines">
<caption>${escapeHtml(labels.lines)}</caption>
<thead>
<tr>${headers}</tr>
</thead>
<tbody>
${invoice.lines.map((line) => lineRow(line, currency, language)).join('\n')}
</tbody>
</table>`;
  // Credit notes can exceed what was left to pay; the difference is then the buyer's, not a debt.
  const owed = invoice.balanceCents < 0;
  const totals = totalsHtml(language, currency, invoice.netCents, invoice.vat, [
    { label: labels.total, cents: invoice.totalCents, emphasis: true },
    { label: labels.paid, cents: invoice.paidCents },
    { label: labels.credited, cents: invoice.creditedCents },
    { label: owed ? labels.owedToBuyer : labels.balance, cents: Math.abs(invoice.balanceCents), emphasis: true },
  ]);
  const balance = formatMoney(Math.abs(invoice.balanceCents), currency, language);
  const instruction = owed ? labels.owed(balance) : invoice.balanceCents > 0 ? labels.payBy(balance, dueOn) : labels.settled;
  const payment = `<section class="payment">
<h2>${escapeHtml(labels.payment)}</h2>
<p>${escapeHtml(instruction)}</p>
${detailsHtml([
  ['IBAN', invoice.seller.iban],
  [labels.reference, invoice.paymentReference],
])}
</section>`;
  const parties = partiesHtml(invoice.seller, invoice.buyer, language);
  return documentPage(language, labels.title, invoice.number, [details, parties, lines, totals, payment].join('\n'));
}
