import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { APIGatewayAuthorizerResult, APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { keyIsUsable, parseApiKey, secretMatches } from '../shared/domain/api-key.ts';
import type { AuthorizerContext } from '../shared/http/auth.ts';
import { requestTime } from '../shared/http/request-time.ts';
import { logger } from '../shared/powertools/logger.ts';
import { apiKeyRepository } from '../shared/store/api-keys.ts';
import { TenantScope } from '../shared/store/tenant-scope.ts';
import { tenants } from '../shared/store/tenants.ts';
import { accessIn } from '../shared/domain/billing/lifecycle.ts';
import { withinPartitions } from '../shared/clients/dynamodb.ts';
import { AUTHORIZER_TABLE_REACH } from '../shared/http/table-reach.ts';

/** API Gateway turns this exact message into a 401 (the UNAUTHORIZED gateway response). */
const UNAUTHORIZED = 'Unauthorized';

/**
 * The one bearer key of the request. Two `Authorization` headers are refused rather than one of
 * them picked: which one a proxy or a cache keeps is not ours to guess.
 */
function bearer(event: APIGatewayRequestAuthorizerEvent): string | undefined {
  const values = Object.entries(event.multiValueHeaders ?? {})
    .filter(([name]) => name.toLowerCase() === 'authorization')
    .flatMap(([, v]) => v ?? []);
  if (values.length > 1) return undefined;
  const header = Object.entries(event.headers ?? {}).find(([name]) => name.toLowerCase() === 'authorization')?.[1];
  const match = header ? /^Bearer (\S+)$/.exec(header) : null;
  return match?.[1];
}

/**
 * Allows every method of the stage: the decision is cached per key, so it must hold for all
 * routes; each handler checks the route's scopes itself.
 */
function stageWide(methodArn: string): string {
  const [arnPrefix, apiId, stage] = methodArn.split('/');
  return `${arnPrefix}/${apiId}/${stage}/*/*`;
}

/**
 * obligation: TEN-2, TEN-3 — maps an API key to its tenant and scopes; a missing, malformed,
 * unknown, revoked or expired key is a 401. Handlers read the tenant only from this context.
 */
export const handler = middy<APIGatewayRequestAuthorizerEvent, APIGatewayAuthorizerResult>()
  .use(injectLambdaContext(logger))
  .handler(async (event) => {
    const parsed = parseApiKey(bearer(event) ?? '');
    if (!parsed) throw new Error(UNAUTHORIZED);
    const scope = TenantScope.named(parsed.tenantId);
    // Both reads at once: the lifecycle state costs no extra latency. obligation: TEN-3 — only
    // tenants' root partitions, by key (shared/http/table-reach.ts).
    const [record, state] = await withinPartitions(AUTHORIZER_TABLE_REACH.partitions, () =>
      Promise.all([apiKeyRepository(scope).get(parsed.keyId), tenants.state(scope)]),
    );
    if (!record || !secretMatches(parsed.secret, record.secretHash) || !keyIsUsable(record, requestTime(event))) {
      logger.info('key refused', { keyId: parsed.keyId });
      throw new Error(UNAUTHORIZED);
    }
    // obligation: DUN-3, DUN-5 — a dormant tenant keeps data capture; a deleting or deleted one nothing.
    const access = state === undefined ? 'none' : accessIn(state);
    if (access === 'none') {
      logger.info('key refused: tenant being deleted', { keyId: parsed.keyId });
      throw new Error(UNAUTHORIZED);
    }
    const context: AuthorizerContext = { tenantId: parsed.tenantId, keyId: parsed.keyId, scopes: record.scopes.join(' '), access };
    return {
      principalId: `key:${parsed.keyId}`,
      policyDocument: {
        Version: '2012-10-17',
        Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: stageWide(event.methodArn) }],
      },
      context: { ...context },
    };
  });
