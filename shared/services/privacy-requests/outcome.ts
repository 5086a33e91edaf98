import { formatInstant } from '../../documents/money.ts';
import type { PrivacyRequest } from '../../model/privacy-request.ts';
import type { Language } from '../../model/tenant.ts';

/** obligation: DSR-3, DSR-5, DSR-6 — what the answer tells the requester the platform did. */
export function outcomeLines(language: Language, request: PrivacyRequest, link: string | undefined): string[] {
  const f = request.fulfilment ?? {};
  const sl = language === 'sl';
  if (f.noDataHeld) return [sl ? 'O vas ne hranimo osebnih podatkov.' : 'We hold no personal data about you.'];
  switch (request.type) {
    case 'access':
    case 'portability': {
      const until = f.exportExpiresAt ? formatInstant(f.exportExpiresAt, language) : '';
      return sl
        ? [
            `Vse podatke, ki jih hranimo o vas, vključno z zgodovino sprememb in privolitvami, smo pripravili v strojno berljivi obliki JSON. Prenesete jih lahko do ${until}:`,
            link ?? '',
            'Povezava je osebna; ne posredujte je drugim. Po izteku bo datoteka izbrisana.',
          ]
        : [
            `Everything we hold about you, including its change history and your consents, is ready in a machine-readable JSON file. You can download it until ${until}:`,
            link ?? '',
            'The link is personal; do not share it. The file is deleted when it expires.',
          ];
    }
    case 'rectification':
      return [sl ? `Popravili smo: ${(f.changed ?? []).join(', ')}.` : `We corrected: ${(f.changed ?? []).join(', ')}.`];
    case 'erasure':
      return [
        sl
          ? 'Vaše osebne podatke smo izbrisali povsod, kjer jih hranimo, tudi iz izvozov. Ostal je le zapis brez osebnih podatkov, da so obstajali in kdaj so bili izbrisani, ter zapis te zahteve.'
          : 'We erased your personal data everywhere we hold it, exports included. What remains is a record without personal data that it existed and when it was erased, and the record of this request.',
      ];
    case 'restriction':
      return [sl ? 'Obdelava vaših podatkov je omejena: podatke hranimo, ne uporabljamo pa jih.' : 'Processing of your data is restricted: we keep it but do not use it.'];
    case 'objection':
    case 'consent-withdrawal': {
      const purposes = f.purposes ?? [];
      const stopped = purposes.length > 0 ? purposes.join(', ') : sl ? 'vse namene' : 'every purpose';
      const restricted = request.type === 'objection' && (f.changed ?? []).includes('restriction');
      return [
        sl ? `Obdelavo smo ustavili za: ${stopped}.` : `We stopped processing for: ${stopped}.`,
        ...(restricted ? [sl ? 'Obdelava vaših podatkov je omejena: podatke hranimo, ne uporabljamo pa jih.' : 'Processing of your data is restricted: we keep it but do not use it.'] : []),
        sl
          ? 'Podatke, ki smo jih hranili le na podlagi privolitve, bomo izbrisali najpozneje ob naslednjem rednem brisanju.'
          : 'Data we held only on the basis of your consent will be deleted by the next scheduled purge at the latest.',
      ];
    }
  }
}
