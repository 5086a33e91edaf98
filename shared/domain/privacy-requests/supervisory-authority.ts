/** A supervisory authority a data subject can complain to (GDPR Art. 77). */
export interface SupervisoryAuthority {
  name: { sl: string; en: string };
  website: string;
}

/**
 * obligation: DSR-10 — the authority of the tenant's country, named in every answer. A person may
 * also complain where they live or work (Art. 77(1)); the answer says so and links the EDPB list.
 */
const AUTHORITIES: Record<string, SupervisoryAuthority> = {
  SI: { name: { sl: 'Informacijski pooblaščenec Republike Slovenije', en: 'Information Commissioner of the Republic of Slovenia' }, website: 'https://www.ip-rs.si' },
  HR: { name: { sl: 'Agencija za zaštitu osobnih podataka (Hrvaška)', en: 'Croatian Personal Data Protection Agency (AZOP)' }, website: 'https://azop.hr' },
  AT: { name: { sl: 'Avstrijski organ za varstvo podatkov (Datenschutzbehörde)', en: 'Austrian Data Protection Authority (Datenschutzbehörde)' }, website: 'https://www.dsb.gv.at' },
  IT: { name: { sl: 'Italijanski organ za varstvo podatkov (Garante)', en: 'Italian Data Protection Authority (Garante)' }, website: 'https://www.garanteprivacy.it' },
};

export const EDPB_MEMBERS = 'https://www.edpb.europa.eu/about-edpb/about-edpb/members_en';

export function supervisoryAuthorityOf(country: string): SupervisoryAuthority | undefined {
  return AUTHORITIES[country];
}
