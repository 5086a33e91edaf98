import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { STAGE_CONFIG } from '../../shared/config/stage.ts';
import { AUTHORIZER_CACHE_TTL_SECONDS } from '../../shared/http/auth.ts';
import { GATEWAY_RESPONSES } from '../../shared/http/gateway-responses.ts';
import { PROBLEM_CONTENT_TYPE } from '../../shared/http/problem.ts';
import { ROUTES } from '../../shared/http/routes.ts';
import { nestedTemplates, referenced, resourcesOf, synth } from './synth.ts';

const { stack, template } = synth({ stage: 'prod' });
// The API's resources and methods are in a nested stack (infra/constructs/api-methods.ts): they are
// read from every template, and each reference is followed to the stage's stack through the
// nested stack's parameters (`outer`).
const nested = Object.values(nestedTemplates(stack));
const templates = [{ template, outer: referenced }, ...nested];
const resources = Object.assign({}, ...templates.map((t) => resourcesOf(t.template, 'AWS::ApiGateway::Resource'))) as ReturnType<typeof resourcesOf>;
const methods = templates.flatMap((t) => Object.values(resourcesOf(t.template, 'AWS::ApiGateway::Method')).map((m) => ({ ...m, outer: t.outer })));
const functions = resourcesOf(template, 'AWS::Lambda::Function');

/** A resource's full path, from its chain of parents up to the API's root. */
function pathOf(resourceId: string): string {
  const resource = resources[resourceId];
  if (!resource) return '';
  const parent = resource.Properties.ParentId as { Ref?: string };
  return `${parent.Ref ? pathOf(parent.Ref) : ''}/${resource.Properties.PathPart}`;
}

function methodFor(method: string, path: string): Record<string, any> & { outer: (value: unknown) => string } {
  const found = methods.filter((m) => m.Properties.HttpMethod === method && pathOf(referenced(m.Properties.ResourceId)) === path);
  expect(found, `${method} ${path}`).toHaveLength(1);
  return { ...found[0]!.Properties, outer: found[0]!.outer };
}

/** The Lambda function (its logical id in the stage's stack) an integration invokes. */
function integratedFunction(method: Record<string, any> & { outer: (value: unknown) => string }): string {
  const [, parts] = (method.Integration.Uri as { 'Fn::Join': [string, unknown[]] })['Fn::Join'];
  const [arn] = parts.filter((p) => typeof p !== 'string');
  return method.outer(arn);
}

describe('routes', () => {
  it('has exactly one method per route of the route table', () => {
    expect(methods).toHaveLength(ROUTES.length);
  });

  it("keeps the resources and methods in the methods' nested stack, on which the deployment depends", () => {
    const methodsStack = nested.find((n) => n.stack.node.path === `${stack.node.path}/Api/Methods`)!;
    expect(resourcesOf(template, 'AWS::ApiGateway::Method')).toEqual({});
    expect(resourcesOf(template, 'AWS::ApiGateway::Resource')).toEqual({});
    expect(Object.keys(resourcesOf(methodsStack.template, 'AWS::ApiGateway::Method'))).toHaveLength(ROUTES.length);
    const [deployment] = Object.values(resourcesOf(template, 'AWS::ApiGateway::Deployment')) as { DependsOn?: string[] }[];
    expect(deployment!.DependsOn).toContain(methodsStack.logicalId);
    // Every top-level resource hangs from the API's own root, passed in by the stage's stack.
    for (const resource of Object.values(resourcesOf(methodsStack.template, 'AWS::ApiGateway::Resource'))) {
      const parent = resource.Properties.ParentId as { Ref: string };
      if (parent.Ref in resourcesOf(methodsStack.template, 'AWS::ApiGateway::Resource')) continue;
      expect(methodsStack.outer(parent)).toBe(Object.keys(resourcesOf(template, 'AWS::ApiGateway::RestApi'))[0]);
    }
  });

  it('TEN-2 puts every tenant route behind the REQUEST authorizer, keyed by the Authorization header', () => {
    const [authorizerId, authorizer] = Object.entries(resourcesOf(template, 'AWS::ApiGateway::Authorizer'))[0]!;
    expect(authorizer.Properties).toMatchObject({
      Type: 'REQUEST',
      IdentitySource: 'method.request.header.Authorization',
      AuthorizerResultTtlInSeconds: AUTHORIZER_CACHE_TTL_SECONDS,
    });
    for (const route of ROUTES.filter((r) => r.auth === 'tenant')) {
      const method = methodFor(route.method, route.path);
      expect(method.AuthorizationType, route.operationId).toBe('CUSTOM');
      expect(method.outer(method.AuthorizerId), route.operationId).toBe(authorizerId);
    }
  });

  it('TEN-4 puts every operator route behind AWS_IAM', () => {
    for (const route of ROUTES.filter((r) => r.auth === 'operator')) {
      const method = methodFor(route.method, route.path);
      expect(method.AuthorizationType, route.operationId).toBe('AWS_IAM');
      expect(method.AuthorizerId, route.operationId).toBeUndefined();
    }
  });

  it('leaves only the public routes open', () => {
    for (const route of ROUTES) {
      const open = methodFor(route.method, route.path).AuthorizationType === 'NONE';
      expect(open, route.operationId).toBe(route.auth === 'public');
    }
  });

  it("sends each route to its handler's function", () => {
    for (const route of ROUTES) {
      const fn = functions[integratedFunction(methodFor(route.method, route.path))];
      expect(fn?.Properties.Description, route.operationId).toBe(`HTTP routes of ${route.handler}`);
    }
  });
});

describe('the stage', () => {
  const [stage] = Object.values(resourcesOf(template, 'AWS::ApiGateway::Stage'));

  it('is named after the stage, traced, and throttled as the stage config says', () => {
    expect(stage?.Properties).toMatchObject({ StageName: 'prod', TracingEnabled: true });
    expect(stage?.Properties.MethodSettings).toContainEqual(
      expect.objectContaining({
        HttpMethod: '*',
        ResourcePath: '/*',
        ThrottlingRateLimit: STAGE_CONFIG.prod.throttleRateLimit,
        ThrottlingBurstLimit: STAGE_CONFIG.prod.throttleBurstLimit,
      }),
    );
  });

  it('SEC-6 writes JSON access logs without IP addresses or user agents, and never logs bodies', () => {
    const { DestinationArn, Format } = stage!.Properties.AccessLogSetting;
    expect(JSON.stringify(DestinationArn)).toContain('log-group');
    expect(Object.keys(JSON.parse(Format))).toEqual(expect.arrayContaining(['requestId', 'resourcePath', 'status', 'tenantId']));
    expect(Format).not.toMatch(/sourceIp|userAgent|userArn|caller/);
    for (const setting of stage!.Properties.MethodSettings) expect(setting.DataTraceEnabled).toBe(false);
  });

  it('keeps the access logs as long as the stage config says', () => {
    const logGroups = resourcesOf(template, 'AWS::Logs::LogGroup');
    const name = JSON.stringify(stage!.Properties.AccessLogSetting.DestinationArn).match(/"Ref":"([A-Za-z0-9]+)"/)![1]!;
    expect(logGroups[name]?.Properties.RetentionInDays).toBe(STAGE_CONFIG.prod.logRetentionDays);
  });
});

describe('errors API Gateway answers itself', () => {
  it.each([...Object.keys(GATEWAY_RESPONSES), 'DEFAULT_4XX'])('%s is a problem document', (type) => {
    const [response] = Object.values(resourcesOf(template, 'AWS::ApiGateway::GatewayResponse')).filter(
      (r) => r.Properties.ResponseType === type,
    );
    expect(response?.Properties.ResponseParameters).toMatchObject({ 'gatewayresponse.header.Content-Type': `'${PROBLEM_CONTENT_TYPE}'` });
    const body = JSON.parse(response!.Properties.ResponseTemplates['application/json']);
    expect(body).toMatchObject({ type: expect.stringMatching(/^\/problems\//), title: expect.any(String) });
    expect(String(body.status)).toBe(response!.Properties.StatusCode);
  });

  it('answers an unknown route (MISSING_AUTHENTICATION_TOKEN) with 404 not-found, not API Gateway\'s 403', () => {
    const [response] = Object.values(resourcesOf(template, 'AWS::ApiGateway::GatewayResponse')).filter(
      (r) => r.Properties.ResponseType === 'MISSING_AUTHENTICATION_TOKEN',
    );
    expect(response!.Properties.StatusCode).toBe('404');
    expect(JSON.parse(response!.Properties.ResponseTemplates['application/json'])).toMatchObject({ type: '/problems/not-found', status: 404 });
  });

  it('tells a throttled caller when to retry (Retry-After on THROTTLED)', () => {
    const [response] = Object.values(resourcesOf(template, 'AWS::ApiGateway::GatewayResponse')).filter(
      (r) => r.Properties.ResponseType === 'THROTTLED',
    );
    expect(response!.Properties.ResponseParameters).toEqual({
      'gatewayresponse.header.Content-Type': `'${PROBLEM_CONTENT_TYPE}'`,
      'gatewayresponse.header.Retry-After': "'1'",
    });
  });
});

describe('revoking a key', () => {
  // Which other functions may flush it: test/infra/grants.test.ts.
  it('TEN-2 lets the api-keys function flush the stage authorizer cache', () => {
    const [id, fn] = Object.entries(functions).find(([, f]) => f.Properties.Description === 'HTTP routes of api-keys')!;
    expect(fn.Properties.Environment.Variables).toMatchObject({ REST_API_ID: { Ref: expect.any(String) }, API_STAGE: 'prod' });
    const role = referenced(fn.Properties.Role);
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: role }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Action: 'apigateway:DELETE',
            Effect: 'Allow',
            Resource: {
              'Fn::Join': ['', ['arn:aws:apigateway:eu-central-1::/restapis/', { Ref: Match.anyValue() }, '/stages/prod/cache/authorizers']],
            },
          },
        ]),
      },
    });
    const flushers = Object.values(resourcesOf(template, 'AWS::IAM::Policy')).filter((p) =>
      JSON.stringify(p.Properties.PolicyDocument).includes('apigateway:DELETE'),
    );
    expect(flushers.flatMap((p) => p.Properties.Roles), id).toContainEqual({ Ref: role });
  });
});
