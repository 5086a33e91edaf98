import { runtime } from '../config/runtime.ts';
import { CLIENT_BUDGETS, clientConfig } from './endpoint.ts';

/**
 * A key kept in Secrets Manager (its SecretString's UTF-8 bytes), fetched once per cold start; on
 * the local platform it comes from the environment as hex, generated per data folder. A failed
 * fetch is not kept: the next call tries again.
 */
export function secretKey(local: () => string | undefined, arn: () => string, what: string): () => Promise<Buffer> {
  let key: Promise<Buffer> | undefined;
  return () => {
    key ??= (async () => {
      const hex = local();
      if (hex !== undefined) return Buffer.from(hex, 'hex');
      const { SecretsManagerClient, GetSecretValueCommand } = await import('@aws-sdk/client-secrets-manager');
      const client = new SecretsManagerClient(clientConfig(undefined, CLIENT_BUDGETS.secrets));
      const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: arn() }));
      if (!SecretString) throw new Error(`The ${what} is empty`);
      return Buffer.from(SecretString, 'utf8');
    })();
    key.catch(() => (key = undefined));
    return key;
  };
}
