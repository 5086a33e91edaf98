import { ResponseType } from 'aws-cdk-lib/aws-apigateway';
import type { RestApi } from 'aws-cdk-lib/aws-apigateway';
import {
  GATEWAY_RESPONSES,
  GATEWAY_RESPONSE_CONTENT_TYPE,
  gatewayResponseBody,
  gatewayResponseHeaders,
} from '../../shared/http/gateway-responses.ts';
import type { GatewayResponseType } from '../../shared/http/gateway-responses.ts';

/**
 * Installs the answers API Gateway gives before any function runs as problem documents, from
 * the same table (shared/http/gateway-responses.ts) the local API server answers with.
 */
export function addProblemResponses(api: RestApi): void {
  for (const type of Object.keys(GATEWAY_RESPONSES) as GatewayResponseType[]) {
    const headers = { 'Content-Type': GATEWAY_RESPONSE_CONTENT_TYPE, ...gatewayResponseHeaders(type) };
    api.addGatewayResponse(`Problem${type}`, {
      type: ResponseType.of(type),
      statusCode: String(GATEWAY_RESPONSES[type].status),
      // Static values are quoted; API Gateway would read an unquoted one as a mapping expression.
      responseHeaders: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, `'${value}'`])),
      templates: { 'application/json': gatewayResponseBody(type) },
    });
  }
}
