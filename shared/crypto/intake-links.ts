import { signedToken, verifySigned } from './signed-token.ts';

/**
 * obligation: DSR-8, CON-1 — the link that confirms a form sent to the vendor's intake. The token
 * names the tenant and the pending form (ids only, no address) and the second the link stops
 * working, under an HMAC with the link-signing key and this purpose's own label: a forged or
 * altered link is refused before anything is read, and an expired one is told apart even after
 * the pending form is gone. The form's id is a ULID (80 random bits); the form itself says
 * whether it was confirmed, which makes the link single-use.
 */
export interface IntakeLink {
  tenantId: string;
  intakeId: string;
  expiresAt: Date;
}

const PURPOSE = 'privacy-request-intake-confirm';
const ID = '[0-9a-z]{26}';
export const INTAKE_TOKEN = new RegExp(`^(${ID})\\.(${ID})\\.([0-9]{10,11})\\.([A-Za-z0-9_-]{43})$`);

export function intakeLinkToken(key: Buffer, link: IntakeLink): string {
  return signedToken(key, PURPOSE, [link.tenantId, link.intakeId, String(Math.floor(link.expiresAt.getTime() / 1000))]);
}

/** What a well-formed, correctly signed token names (expired or not); otherwise `undefined`. */
export function verifyIntakeLink(key: Buffer, token: string): IntakeLink | undefined {
  const parts = verifySigned(key, PURPOSE, INTAKE_TOKEN, token);
  if (!parts) return undefined;
  return { tenantId: parts[0]!, intakeId: parts[1]!, expiresAt: new Date(Number(parts[2]) * 1000) };
}
