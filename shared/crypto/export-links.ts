import { signedToken, verifySigned } from './signed-token.ts';

/**
 * obligation: DSR-5, EXP-2 — the public link to a data subject's export. The token names the
 * tenant, the subject and the export (ids only) and the second the link stops working (the
 * export's expiry), under an HMAC with the deployment's link-signing key and this purpose's own
 * label, so it opens this one export and nothing else, and a changed character is refused before
 * anything is read.
 */
export interface ExportLink {
  tenantId: string;
  subjectId: string;
  exportId: string;
  expiresAt: Date;
}

const PURPOSE = 'subject-export-download';
const ID = '[0-9a-z]{26}';
export const EXPORT_TOKEN = new RegExp(`^(${ID})\\.(${ID})\\.(${ID})\\.([0-9]{10,11})\\.([A-Za-z0-9_-]{43})$`);

export function exportLinkToken(key: Buffer, link: ExportLink): string {
  return signedToken(key, PURPOSE, [link.tenantId, link.subjectId, link.exportId, String(Math.floor(link.expiresAt.getTime() / 1000))]);
}

/** What a well-formed, correctly signed token names (expired or not); otherwise `undefined`. */
export function verifyExportLink(key: Buffer, token: string): ExportLink | undefined {
  const parts = verifySigned(key, PURPOSE, EXPORT_TOKEN, token);
  if (!parts) return undefined;
  return { tenantId: parts[0]!, subjectId: parts[1]!, exportId: parts[2]!, expiresAt: new Date(Number(parts[3]) * 1000) };
}
