import type { Language } from '../../model/tenant.ts';
import type { Vat, VatTreatment } from '../../model/billing.ts';

/** The seller's country: the vendor invoices from Slovenia. */
export const SELLER_COUNTRY = 'SI';
export const DOMESTIC_VAT_PERCENT = 22;

/** EU member states by ISO 3166-1 code (Greece's VAT prefix is EL, its country code GR). */
export const EU_COUNTRIES: ReadonlySet<string> = new Set([
  'AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'HU',
  'IE', 'IT', 'LT', 'LU', 'LV', 'MT', 'NL', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK',
]);

const NOTES: Record<Exclude<VatTreatment, 'domestic'>, Record<Language, string>> = {
  'reverse-charge': {
    sl: 'Obrnjena davčna obveznost: DDV obračuna prejemnik storitve (196. člen Direktive Sveta 2006/112/ES).',
    en: 'Reverse charge: VAT to be accounted for by the recipient (Article 196, Council Directive 2006/112/EC).',
  },
  'outside-eu': {
    sl: 'Storitev ni predmet DDV v Sloveniji: kraj opravljanja storitve je zunaj EU (44. člen Direktive Sveta 2006/112/ES).',
    en: 'Not subject to Slovenian VAT: the place of supply is outside the EU (Article 44, Council Directive 2006/112/EC).',
  },
};

export interface Buyer {
  country: string;
  vatNumber?: string | undefined;
}

/**
 * obligation: BIL-5 — Slovenia 22%; an EU business with a VAT number, reverse charge at 0% with
 * the legal note; outside the EU, no VAT. A buyer elsewhere in the EU without a VAT number is
 * charged Slovenian VAT (docs/decisions.md: tenants are businesses; OSS rates are not modelled).
 */
export function vatTreatment(buyer: Buyer): VatTreatment {
  if (buyer.country === SELLER_COUNTRY) return 'domestic';
  if (!EU_COUNTRIES.has(buyer.country)) return 'outside-eu';
  return buyer.vatNumber ? 'reverse-charge' : 'domestic';
}

/** VAT on a net amount in cents, rounded half up to the cent. */
export function vatOn(netCents: number, treatment: VatTreatment, language: Language): Vat {
  if (treatment === 'domestic') {
    return { treatment, ratePercent: DOMESTIC_VAT_PERCENT, amountCents: Math.round((netCents * DOMESTIC_VAT_PERCENT) / 100) };
  }
  return { treatment, ratePercent: 0, amountCents: 0, note: NOTES[treatment][language] };
}

/** Splits a gross amount (a balance to credit) into net and VAT at a document's rate. */
export function splitGross(grossCents: number, ratePercent: number): { netCents: number; vatCents: number } {
  const netCents = Math.round((grossCents * 100) / (100 + ratePercent));
  return { netCents, vatCents: grossCents - netCents };
}
