import { runtime } from '../config/runtime.ts';
import { secretKey } from './secret-key.ts';

/**
 * obligation: CON-1, DSR-5, DSR-8, TEN-3 — the key that signs public links (consent confirmation
 * and withdrawal, data subjects' export links, the intake form's confirmation): a secret of its own
 * (LINK_SIGNING_SECRET_ARN), granted only to the functions that sign or check links. Derived from
 * the blind-index secret it would be known to every function that computes a lookup, any of which
 * could then forge a link to any subject's export.
 */
export const linkSigningKey = secretKey(() => runtime.linkSigningKey, () => runtime.linkSigningSecretArn, 'link-signing secret');
