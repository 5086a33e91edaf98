import { describe, expect, it } from 'vitest';
import {
  DOMESTIC_VAT_PERCENT,
  EU_COUNTRIES,
  SELLER_COUNTRY,
  splitGross,
  vatOn,
  vatTreatment,
} from '../../shared/domain/billing/vat.ts';

describe('BIL-5 VAT treatment by buyer', () => {
  it('BIL-5 the seller invoices from Slovenia at 22%', () => {
    expect(SELLER_COUNTRY).toBe('SI');
    expect(DOMESTIC_VAT_PERCENT).toBe(22);
    expect(EU_COUNTRIES.size).toBe(27);
    expect(EU_COUNTRIES.has('SI')).toBe(true);
    expect(EU_COUNTRIES.has('GR')).toBe(true); // Greece by its ISO code, not its VAT prefix EL
    expect(EU_COUNTRIES.has('GB')).toBe(false);
  });

  it.each([
    { buyer: { country: 'SI' }, treatment: 'domestic', why: 'Slovenian buyer' },
    { buyer: { country: 'SI', vatNumber: 'SI12345678' }, treatment: 'domestic', why: 'Slovenian business: still domestic' },
    { buyer: { country: 'DE', vatNumber: 'DE123456789' }, treatment: 'reverse-charge', why: 'EU business with a VAT number' },
    { buyer: { country: 'HR', vatNumber: 'HR12345678901' }, treatment: 'reverse-charge', why: 'EU business with a VAT number' },
    { buyer: { country: 'GR', vatNumber: 'EL123456789' }, treatment: 'reverse-charge', why: 'Greece: country GR, VAT prefix EL' },
    // Documented choice (vat.ts, docs/decisions.md): an EU buyer without a VAT number pays Slovenian VAT.
    { buyer: { country: 'DE' }, treatment: 'domestic', why: 'EU buyer without a VAT number: Slovenian 22%' },
    { buyer: { country: 'DE', vatNumber: undefined }, treatment: 'domestic', why: 'EU buyer, VAT number undefined: Slovenian 22%' },
    { buyer: { country: 'US' }, treatment: 'outside-eu', why: 'outside the EU' },
    { buyer: { country: 'CH', vatNumber: 'CHE123456789' }, treatment: 'outside-eu', why: 'outside the EU, VAT number irrelevant' },
    { buyer: { country: 'GB', vatNumber: 'GB123456789' }, treatment: 'outside-eu', why: 'outside the EU since 2021' },
    { buyer: { country: 'NO' }, treatment: 'outside-eu', why: 'EEA but not EU' },
  ])('BIL-5 $why ($buyer.country): $treatment', ({ buyer, treatment }) => {
    expect(vatTreatment(buyer)).toBe(treatment);
  });

  it.each(['sl', 'en'] as const)('BIL-5 domestic (%s): 22%, no note', (language) => {
    expect(vatOn(10_000, 'domestic', language)).toStrictEqual({ treatment: 'domestic', ratePercent: 22, amountCents: 2200 });
  });

  it.each([
    { language: 'sl' as const, mustSay: [/Obrnjena davčna obveznost/, /196\. člen/, /2006\/112\/ES/] },
    { language: 'en' as const, mustSay: [/Reverse charge/, /Article 196/, /2006\/112\/EC/] },
  ])('BIL-5 reverse charge ($language): 0%, no VAT, the Article 196 note', ({ language, mustSay }) => {
    const vat = vatOn(10_000, 'reverse-charge', language);
    expect(vat).toMatchObject({ treatment: 'reverse-charge', ratePercent: 0, amountCents: 0 });
    for (const text of mustSay) expect(vat.note).toMatch(text);
  });

  it.each([
    { language: 'sl' as const, mustSay: [/ni predmet DDV/, /zunaj EU/, /2006\/112\/ES/] },
    { language: 'en' as const, mustSay: [/Not subject to Slovenian VAT/, /outside the EU/, /2006\/112\/EC/] },
  ])('BIL-5 outside the EU ($language): 0%, no VAT, a place-of-supply note', ({ language, mustSay }) => {
    const vat = vatOn(10_000, 'outside-eu', language);
    expect(vat).toMatchObject({ treatment: 'outside-eu', ratePercent: 0, amountCents: 0 });
    for (const text of mustSay) expect(vat.note).toMatch(text);
  });

  it('BIL-5 the notes differ by language and by treatment', () => {
    const notes = [
      vatOn(1, 'reverse-charge', 'sl').note,
      vatOn(1, 'reverse-charge', 'en').note,
      vatOn(1, 'outside-eu', 'sl').note,
      vatOn(1, 'outside-eu', 'en').note,
    ];
    expect(new Set(notes).size).toBe(4);
  });
});

describe('BIL-5 22% VAT rounded half up to the cent', () => {
  it.each([
    { net: 0, vat: 0 },
    { net: 1, vat: 0 }, // 0.22
    { net: 2, vat: 0 }, // 0.44
    { net: 3, vat: 1 }, // 0.66
    { net: 5, vat: 1 }, // 1.10
    { net: 25, vat: 6 }, // 5.50 exactly: half up
    { net: 75, vat: 17 }, // 16.50 exactly: half up
    { net: 125, vat: 28 }, // 27.50 exactly: half up
    { net: 1234, vat: 271 }, // 271.48
    { net: 10_000, vat: 2200 },
    { net: 99_999, vat: 22_000 }, // 21 999.78
    { net: 1_000_000_000_00, vat: 22_000_000_000 }, // the schema's largest amount
  ])('BIL-5 net $net cents: VAT $vat cents', ({ net, vat }) => {
    expect(vatOn(net, 'domestic', 'en').amountCents).toBe(vat);
  });

  it.each([
    { net: 3, treatment: 'reverse-charge' as const },
    { net: 1234, treatment: 'outside-eu' as const },
  ])('BIL-5 $treatment on $net cents: no VAT whatever the amount', ({ net, treatment }) => {
    expect(vatOn(net, treatment, 'en').amountCents).toBe(0);
  });
});

describe('BIL-5 BIL-7 splitGross: a gross balance back into net and VAT', () => {
  it.each([
    { gross: 12_200, rate: 22, net: 10_000, vat: 2200 },
    { gross: 1505, rate: 22, net: 1234, vat: 271 }, // 150 500 / 122 = 1233.61 → 1234
    { gross: 100, rate: 22, net: 82, vat: 18 }, // 10 000 / 122 = 81.97 → 82
    { gross: 61, rate: 22, net: 50, vat: 11 }, // 6100 / 122 = 50 exactly
    { gross: 4, rate: 22, net: 3, vat: 1 }, // 400 / 122 = 3.28 → 3
    { gross: 1, rate: 22, net: 1, vat: 0 }, // 100 / 122 = 0.82 → 1
    { gross: 0, rate: 22, net: 0, vat: 0 },
    { gross: 5000, rate: 0, net: 5000, vat: 0 }, // reverse charge / outside the EU
  ])('BIL-5 gross $gross at $rate%: net $net, VAT $vat', ({ gross, rate, net, vat }) => {
    expect(splitGross(gross, rate)).toEqual({ netCents: net, vatCents: vat });
  });

  it('BIL-5 splitting net + its VAT gives the net back (VAT rounding moves gross by < 0.5 cent / 1.22)', () => {
    // gross = n + round(0.22 n) = 1.22 n + e with |e| ≤ 0.5, so gross / 1.22 = n + e / 1.22, |e / 1.22| < 0.5.
    for (let net = 0; net <= 5000; net++) {
      const vat = vatOn(net, 'domestic', 'en').amountCents;
      expect(splitGross(net + vat, 22)).toEqual({ netCents: net, vatCents: vat });
    }
  });
});
