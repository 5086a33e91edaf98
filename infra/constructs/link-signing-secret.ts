import type { Construct } from 'constructs';
import { GeneratedSecret } from './generated-secret.ts';
import type { GeneratedSecretProps } from './generated-secret.ts';

/**
 * obligation: CON-1, DSR-5, DSR-8, TEN-3 — the key that signs public links: consent confirmation
 * and withdrawal, data subjects' export links, the intake form's confirmation. A secret of its
 * own, read only by the functions that sign or check links: the many that compute blind indexes
 * cannot forge a link to another tenant's subject.
 */
export class LinkSigningSecret extends GeneratedSecret {
  constructor(scope: Construct, id: string, props: GeneratedSecretProps) {
    super(scope, id, props, {
      name: 'link-signing secret',
      description: 'public-link signing key (CON-1, DSR-5, DSR-8); rotating it voids every link already sent',
      environmentVariable: 'LINK_SIGNING_SECRET_ARN',
      noRotationReason:
        'The secret signs the links e-mailed to data subjects; a consent withdrawal link stays valid for as long as ' +
        'the consent lasts. Rotating it would void every link already sent, so a re-key is a deliberate step that ' +
        'keeps the old key for checking until the links it signed have lapsed.',
    });
  }
}
