import type { Construct } from 'constructs';
import { GeneratedSecret } from './generated-secret.ts';
import type { GeneratedSecretProps } from './generated-secret.ts';

/**
 * obligation: DAT-6 — the key of the e-mail suppression list's index (shared/crypto/blind-index.ts
 * `suppressionIndex`): suppressed addresses are kept as its HMAC, never in the clear. A secret of
 * its own, read by the functions that send notices and by the bounce handler: the blind-index
 * secret also peppers credentials (DAT-9) and stays with the seven functions that compute lookups.
 */
export class SuppressionIndexSecret extends GeneratedSecret {
  constructor(scope: Construct, id: string, props: GeneratedSecretProps) {
    super(scope, id, props, {
      name: 'suppression-index secret',
      description: 'e-mail suppression-list HMAC key (DAT-6); rotating it forgets every suppressed address',
      environmentVariable: 'SUPPRESSION_INDEX_SECRET_ARN',
      noRotationReason:
        'The secret is the HMAC key of the e-mail suppression list: rotating it would orphan every entry, and ' +
        'addresses that bounced for good or complained would be mailed again. A re-key is a deliberate step.',
    });
  }
}
