import { ResponseType } from 'aws-cdk-lib/aws-apigateway';
import type { RestApi } from 'aws-cdk-lib/aws-apigateway';
import {
  GATEWAY_RESPONSES,
  GATEWAY_RESPONSE_CONTENT_TYPE,
  gatewayResponseBody,
} from '../../shared/http/gateway-responses.ts';
import type { GatewayResponseType } from '../../shared/http/gateway-responses.ts';
import { problemBody } from '../../shared/http/problem.ts';

/**
 * Every other 4xx API Gateway can answer on its own (an expired signature, a quota, …). The
 * local server never produces one, so it is not in the shared table; pinning the status to the
 * body's keeps the status line and the problem document in agreement.
 */
const DEFAULT_4XX = problemBody('invalidRequest', 'API Gateway refused the request');

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
  api.addGatewayResponse('ProblemDEFAULT_4XX', {
    type: ResponseType.DEFAULT_4XX,
    statusCode: String(DEFAULT_4XX.status),
    responseHeaders: responseParameters,
    templates: { 'application/json': JSON.stringify(DEFAULT_4XX) },
  });
}
