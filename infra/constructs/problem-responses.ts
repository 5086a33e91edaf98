import { ResponseType } from 'aws-cdk-lib/aws-apigateway';
import type { RestApi } from 'aws-cdk-lib/aws-apigateway';
import {
  GATEWAY_RESPONSES,
  GATEWAY_RESPONSE_CONTENT_TYPE,
  gatewayResponseBody,
} from '../../shared/http/gateway-responses.ts';
import type { GatewayResponseType } from '../../shared/http/gateway-responses.ts';

/**
 * Installs the answers API Gateway gives before any function runs as problem documents, from
 * the same table (shared/http/gateway-responses.ts) the local API server answers with.
 */
export function addProblemResponses(api: RestApi): void {
  const responseParameters = { 'Content-Type': `'${GATEWAY_RESPONSE_CONTENT_TYPE}'` };
  for (const type of Object.keys(GATEWAY_RESPONSES) as GatewayResponseType[]) {
    api.addGatewayResponse(`Problem${type}`, {
      type: ResponseType.of(type),
      statusCode: String(GATEWAY_RESPONSES[type].status),
      responseHeaders: responseParameters,
      templates: { 'application/json': gatewayResponseBody(type) },
    });
  }
}
