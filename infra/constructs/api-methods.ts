import { NestedStack, Validations } from 'aws-cdk-lib';
import { LambdaIntegration, Method, Resource } from 'aws-cdk-lib/aws-apigateway';
import type { IResource, MethodOptions, RequestValidator, RestApi } from 'aws-cdk-lib/aws-apigateway';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import type { Stage } from '../../shared/config/stage.ts';
import type { AuthKind, HttpFunctionName, RouteDefinition } from '../../shared/http/route-definition.ts';

/**
 * Why the public routes need no credentials: every `auth: 'public'` route of shared/http/routes/*.ts
 * (test/infra/operations.test.ts lists them).
 */
const PUBLIC_REASON =
  "Public by design, and rate-limited per source address by the stage's WAF (DSR-8): the OpenAPI document describes " +
  'the API, and the status page and its JSON and Atom feeds show maintenance and public incident notices (MNT-2, ' +
  'BRE-3), none with tenant or personal data; the consent confirmation and withdrawal pages (CON-1), the export ' +
  'download pages (DSR-5) and the privacy-request confirmation pages (DSR-8) act only on a link signed by the ' +
  "platform, single-use or expiring, and show no personal data; the vendor's privacy-request form (DSR-8) forwards " +
  'nothing until its sender confirms the address, and answers the same whatever became of it.';

/** Properties of {@link ApiMethods}. */
export interface ApiMethodsProps {
  /** The stage, for the description. */
  readonly stage: Stage;
  /** The REST API, in the stage's stack: its root is the parent of this stack's resources. */
  readonly restApi: RestApi;
  /** The routes whose resources and methods this stack holds. */
  readonly routes: readonly RouteDefinition[];
  /** Each HTTP function, in the stage's stack. */
  readonly functions: Readonly<Record<HttpFunctionName, IFunction>>;
  /** The authorisation of each kind of route: the tenant authorizer, IAM, or none. */
  readonly methodOptions: Readonly<Record<AuthKind, MethodOptions>>;
  /** The API's request validator. */
  readonly requestValidator: RequestValidator;
}

/**
 * The API's resources (one per path segment) and methods (one per route), in a nested stack of
 * their own: they are most of the API's resources, and the stage's stack would otherwise be at
 * CloudFormation's 500 (docs/architecture.md, "Stacks").
 *
 * The pattern of aws-apigateway's "Breaking up Methods and Resources across Stacks", with one
 * difference: the resources hang from the REST API itself (its root, referenced across the stack
 * boundary), not from an API imported with `RestApi.fromRestApiAttributes`. So CDK still folds
 * every method into the deployment's logical id (a changed route deploys itself, where the
 * imported API would need a manual deployment), the deployment in the stage's stack depends on
 * this stack (through its methods), the tenant authorizer is attached to one API, and the invoke
 * permissions stay one per function and API, in the stage's stack. This stack only takes ids from
 * the stage's stack (as parameters); the stage's stack never reads anything of this one.
 */
export class ApiMethods extends NestedStack {
  private readonly props: ApiMethodsProps;

  constructor(scope: Construct, id: string, props: ApiMethodsProps) {
    super(scope, id, { description: `Skrbnik ${props.stage}: the API's resources and methods, one per route` });
    this.props = props;
    for (const route of props.routes) this.addRoute(route);
  }

  /** The resource of `path`, created in this stack (the root is the API's own). */
  private resourceFor(path: string): IResource {
    const root = this.props.restApi.root;
    const [first, ...rest] = path.split('/').filter((part) => part !== '');
    if (first === undefined) return root;
    const top = root.getResource(first) ?? new Resource(this, first, { parent: root, pathPart: first });
    return top.resourceForPath(rest.join('/'));
  }

  private addRoute(route: RouteDefinition): void {
    const resource = this.resourceFor(route.path);
    // One invoke permission per function and API, not per method: a function serves only its own
    // routes (it dispatches on the route table), and a permission per method would take a resource
    // each, past CloudFormation's 500 per stack as the API grows. It is made on the API, in the
    // stage's stack.
    const integration = new LambdaIntegration(this.props.functions[route.handler], { scopePermissionToMethod: false });
    const options: MethodOptions = { ...this.props.methodOptions[route.auth], operationName: route.operationId, requestValidator: this.props.requestValidator };
    // A method on the root would otherwise be made in the root's scope, the stage's stack.
    const method =
      resource === this.props.restApi.root
        ? new Method(this, `Root${route.method}`, { resource, httpMethod: route.method, integration, options })
        : resource.addMethod(route.method, integration, options);
    if (route.auth === 'public') {
      Validations.of(method).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason: PUBLIC_REASON,
      });
    }
    Validations.of(method).acknowledge({
      id: 'AwsSolutions-COG4',
      reason: {
        tenant: 'Tenant apps authenticate with API keys checked by the Lambda REQUEST authorizer (TEN-2); there are no user pools.',
        operator: 'Operators sign requests with IAM credentials (SigV4), kept apart from tenant keys (TEN-4).',
        public: PUBLIC_REASON,
      }[route.auth],
    });
  }
}
