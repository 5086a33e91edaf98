import type { Construct } from 'constructs';
import { GeneratedSecret } from './generated-secret.ts';
import type { GeneratedSecretProps } from './generated-secret.ts';

/**
 * obligation: DAT-6 — the deployment's blind-index secret: the HMAC key that lookups by e-mail or
 * tax number go through (shared/crypto/blind-index.ts derives each tenant's key from it), and the
 * pepper of credential hashes (DAT-9). Losing it makes every lookup entry useless.
 */
export class BlindIndexSecret extends GeneratedSecret {
  constructor(scope: Construct, id: string, props: GeneratedSecretProps) {
    super(scope, id, props, {
      name: 'blind-index secret',
      description: 'blind-index HMAC key (DAT-6); rotating it orphans every lookup entry',
      environmentVariable: 'BLIND_INDEX_SECRET_ARN',
      noRotationReason:
        'The secret is the HMAC key of the DAT-6 blind index: rotating it would orphan every lookup entry, which would ' +
        'then match nothing. A re-key needs a re-index job that recomputes every entry under the new key and is run ' +
        'deliberately, not automatic rotation.',
    });
  }
}
