import type { Party, Seller, Vat } from '../model/billing.ts';
import type { Language } from '../model/tenant.ts';
import { escapeHtml } from '../notices/layout.ts';
import { formatMoney, perLanguage } from './money.ts';

const LABELS = {
  sl: {
    seller: 'Prodajalec',
    buyer: 'Kupec',
    vatNumber: 'ID za DDV',
    iban: 'IBAN',
    email: 'E-pošta',
    netTotal: 'Skupaj brez DDV',
    vat: 'DDV',
    vatNote: 'Opomba o DDV',
    pricesExcludeVat: 'Cene so navedene brez DDV.',
    number: 'št.',
  },
  en: {
    seller: 'Seller',
    buyer: 'Buyer',
    vatNumber: 'VAT number',
    iban: 'IBAN',
    email: 'E-mail',
    netTotal: 'Net total',
    vat: 'VAT',
    vatNote: 'VAT note',
    pricesExcludeVat: 'Prices exclude VAT.',
    number: 'No.',
  },
} as const;

/** Formatted money, ready for HTML. */
export function moneyHtml(cents: number, currency: string, language: Language): string {
  return escapeHtml(formatMoney(cents, currency, language));
}

const regionNames = perLanguage((locale) => new Intl.DisplayNames([locale], { type: 'region', fallback: 'code' }));

function countryName(code: string, language: Language): string {
  try {
    return regionNames(language).of(code) ?? code;
  } catch {
    // A stored country that is not a region code is printed as it was given.
    return code;
  }
}

function partySection(heading: string, party: Party | Seller, language: Language): string {
  const labels = LABELS[language];
  const lines = [
    `<strong>${escapeHtml(party.name)}</strong>`,
    ...(party.address ?? '')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map(escapeHtml),
    escapeHtml(countryName(party.country, language)),
  ];
  const details: [string, string][] = [];
  if (party.vatNumber) details.push([labels.vatNumber, party.vatNumber]);
  if ('iban' in party) details.push([labels.iban, party.iban], [labels.email, party.email]);
  return `<section class="party">
<h2>${escapeHtml(heading)}</h2>
<p>${lines.join('<br>')}</p>
${details.length > 0 ? detailsHtml(details) : ''}
</section>`;
}

export function partiesHtml(seller: Seller, buyer: Party, language: Language): string {
  const labels = LABELS[language];
  return `<div class="parties">
${partySection(labels.seller, seller, language)}
${partySection(labels.buyer, buyer, language)}
</div>`;
}

/** Label and value pairs under the title: dates, references. */
export function detailsHtml(details: [string, string][]): string {
  return `<dl class="details">${details.map(([dt, dd]) => `<dt>${escapeHtml(dt)}</dt><dd>${escapeHtml(dd)}</dd>`).join('')}</dl>`;
}

const percentFormat = perLanguage((locale) => new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 2 }));

export interface TotalRow {
  label: string;
  cents: number;
  emphasis?: boolean;
}

/**
 * The totals under the lines: net, VAT with its rate, then what the document adds (total, paid,
 * credited, balance). The VAT note follows the table because it is legal text, not an amount.
 */
export function totalsHtml(language: Language, currency: string, netCents: number, vat: Vat, rows: TotalRow[]): string {
  const labels = LABELS[language];
  // obligation: BIL-5 — every document states its VAT rate, even 0%, and carries the legal note
  // of its treatment (reverse charge, supply outside the EU) where there is one.
  const all: TotalRow[] = [
    { label: labels.netTotal, cents: netCents },
    { label: `${labels.vat} ${percentFormat(language).format(vat.ratePercent / 100)}`, cents: vat.amountCents },
    ...rows,
  ];
  const body = all
    .map(
      (row) =>
        `<tr${row.emphasis ? ' class="emphasis"' : ''}><th scope="row">${escapeHtml(row.label)}</th><td class="amount">${moneyHtml(row.cents, currency, language)}</td></tr>`,
    )
    .join('\n');
  const note = vat.note ? `<p class="vat-note"><strong>${escapeHtml(labels.vatNote)}:</strong> ${escapeHtml(vat.note)}</p>` : '';
  return `<table class="totals">
<tbody>
${body}
</tbody>
</table>
${note}
<p class="small">${escapeHtml(labels.pricesExcludeVat)}</p>`;
}

const STYLE = `
@page { size: A4; margin: 16mm 15mm; }
* { box-sizing: border-box; }
html { background: #e8e8e8; }
body { margin: 0; font: 10pt/1.45 "Helvetica Neue", Arial, "Liberation Sans", sans-serif; color: #111; }
main { width: 210mm; min-height: 297mm; margin: 8mm auto; padding: 16mm 15mm; background: #fff; }
header { border-bottom: 2px solid #111; padding-bottom: 3mm; }
h1 { font-size: 20pt; margin: 0; }
h1 .number { font-weight: normal; }
h2 { font-size: 8.5pt; text-transform: uppercase; letter-spacing: 0.06em; color: #555; margin: 0 0 1.5mm; }
dl { display: grid; grid-template-columns: max-content auto; gap: 0.5mm 4mm; margin: 0; }
dt { color: #555; }
dd { margin: 0; }
.details { margin: 5mm 0; }
.parties { display: flex; gap: 10mm; margin: 5mm 0; }
.party { flex: 1; }
.party p { margin: 0 0 1.5mm; }
.party .details { margin: 0; }
table { width: 100%; border-collapse: collapse; margin: 5mm 0 2mm; }
caption { text-align: left; font-size: 8.5pt; text-transform: uppercase; letter-spacing: 0.06em; color: #555; padding-bottom: 1.5mm; }
th, td { padding: 1.5mm 2mm; text-align: left; vertical-align: top; }
thead th { border-bottom: 1px solid #111; font-size: 8.5pt; }
tbody td, tbody th { border-bottom: 1px solid #ddd; }
.amount { text-align: right; white-space: nowrap; }
.sub { display: block; color: #555; font-size: 8.5pt; }
table.totals { width: auto; min-width: 90mm; margin-left: auto; }
table.totals th { font-weight: normal; padding-right: 10mm; }
table.totals tr.emphasis th, table.totals tr.emphasis td { font-weight: bold; border-top: 1px solid #111; }
.vat-note { border-left: 3px solid #111; padding-left: 3mm; }
.small { font-size: 8.5pt; color: #555; }
section.payment { margin-top: 6mm; }
@media print {
  html { background: none; }
  main { width: auto; min-height: 0; margin: 0; padding: 0; }
  tr { break-inside: avoid; }
  thead { display: table-header-group; }
}
`;

/**
 * A self-contained printable page: inline style, nothing loaded from elsewhere, and a policy that
 * lets no script run even if some data ever escaped its escaping.
 * obligation: BIL-9 — the document's sequential number heads the page, next to its title.
 */
export function documentPage(language: Language, title: string, number: string, content: string): string {
  return `<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(`${title} ${number}`)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<header>
<h1>${escapeHtml(title)} <span class="number">${escapeHtml(`${LABELS[language].number} ${number}`)}</span></h1>
</header>
${content}
</main>
</body>
</html>
`;
}
