import type { CreditNote } from '../model/billing.ts';
import { escapeHtml } from '../notices/layout.ts';
import { detailsHtml, documentPage, moneyHtml, partiesHtml, totalsHtml } from './layout.ts';
import { formatDate } from './money.ts';

type Reason = CreditNote['reason'];

const LABELS = {
  sl: {
    title: 'Dobropis',
    issuedOn: 'Datum izdaje',
    reduces: 'Zmanjšuje račun',
    reducesSentence: (invoice: string) => `Ta dobropis zmanjšuje račun št. ${invoice} za spodnji znesek.`,
    lines: 'Postavke',
    reason: 'Razlog',
    net: 'Neto znesek',
    total: 'Skupaj dobropis z DDV',
    reasons: {
      'sla-credit': 'Dobropis zaradi nedosežene razpoložljivosti storitve (SLA)',
      'sub-processor-objection': 'Vračilo po ugovoru zoper novega podobdelovalca',
      reactivation: 'Preklic neplačanega računa: nadomešča ga plačilo za ponovno aktivacijo',
      correction: 'Popravek računa',
    } satisfies Record<Reason, string>,
  },
  en: {
    title: 'Credit note',
    issuedOn: 'Issue date',
    reduces: 'Reduces invoice',
    reducesSentence: (invoice: string) => `This credit note reduces invoice no. ${invoice} by the amount below.`,
    lines: 'Items',
    reason: 'Reason',
    net: 'Net amount',
    total: 'Total credited',
    reasons: {
      'sla-credit': 'Service credit for missed availability (SLA)',
      'sub-processor-objection': 'Refund after an objection to a new sub-processor',
      reactivation: 'Cancellation of an unpaid invoice: the reactivation fee replaces it',
      correction: 'Correction of the invoice',
    } satisfies Record<Reason, string>,
  },
} as const;

/** obligation: BIL-7 — a separate document, numbered on its own, naming the invoice it reduces. */
export function renderCreditNoteHtml(creditNote: CreditNote): string {
  const { language, currency } = creditNote;
  const labels = LABELS[language];
  const details = detailsHtml([
    [labels.issuedOn, formatDate(creditNote.issuedOn, language)],
    [labels.reduces, creditNote.invoiceNumber],
  ]);
  const note = creditNote.note ? `<span class="sub">${escapeHtml(creditNote.note)}</span>` : '';
  const lines = `<p>${escapeHtml(labels.reducesSentence(creditNote.invoiceNumber))}</p>
<table class="lines">
<caption>${escapeHtml(labels.lines)}</caption>
<thead>
<tr><th scope="col">${escapeHtml(labels.reason)}</th><th scope="col" class="amount">${escapeHtml(labels.net)}</th></tr>
</thead>
<tbody>
<tr><td>${escapeHtml(labels.reasons[creditNote.reason])}${note}</td><td class="amount">${moneyHtml(creditNote.netCents, currency, language)}</td></tr>
</tbody>
</table>`;
  const totals = totalsHtml(language, currency, creditNote.netCents, creditNote.vat, [
    { label: labels.total, cents: creditNote.totalCents, emphasis: true },
  ]);
  const parties = partiesHtml(creditNote.seller, creditNote.buyer, language);
  return documentPage(language, labels.title, creditNote.number, [details, parties, lines, totals].join('\n'));
}
