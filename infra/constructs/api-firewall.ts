import type { Stage as ApiStage } from 'aws-cdk-lib/aws-apigateway';
import { CfnRegexPatternSet, CfnWebACL, CfnWebACLAssociation } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import type { Stage } from '../../shared/config/stage.ts';
import { problemBody } from '../../shared/http/problem.ts';
import { PUBLIC_RATE_LIMITS } from '../../shared/http/rate-limits.ts';
import type { PublicRateLimit } from '../../shared/http/rate-limits.ts';
import { ROUTES } from '../../shared/http/routes.ts';
import type { RouteDefinition } from '../../shared/http/route-definition.ts';
import { MAX_ATTRIBUTE_BYTES } from '../../shared/model/subject.ts';
import { acknowledgeControls } from './control-packs.ts';

/** Properties of the {@link ApiFirewall}. */
export interface ApiFirewallProps {
  /** The stage: names the web ACL and is the first segment of every path WAF sees. */
  readonly stage: Stage;
  /** The API's deployment stage, which the web ACL is associated with. */
  readonly apiStage: ApiStage;
  /**
   * The rate-based rules on the public routes.
   *
   * @default PUBLIC_RATE_LIMITS (shared/http/rate-limits.ts), the numbers the local API applies
   */
  readonly rateLimits?: readonly PublicRateLimit[];
  /**
   * The routes the rate limits' operations are looked up in.
   *
   * @default ROUTES (shared/http/routes.ts)
   */
  readonly routes?: readonly RouteDefinition[];
}

/** The custom response body's key in the web ACL. */
const TOO_MANY_BODY = 'too-many-requests';
/** WAF holds up to ten regular expressions in a pattern set (its default quota). */
const MAX_REGEXES_PER_SET = 10;

/** The common rule set's rules that run in count mode only, and why (each is a false positive on a legitimate request). */
export const COMMON_RULES_COUNTED: Readonly<Record<string, string>> = {
  // obligation: DAT-1 — a data subject's attribute sets are legitimately large.
  SizeRestrictions_BODY:
    `Blocks bodies over 8 KB, but a subject's attribute sets may hold ${MAX_ATTRIBUTE_BYTES / 1000} KB and breach ` +
    'communications are large too; each handler checks its body against its route\'s schema (400 problem naming the ' +
    'field) and API Gateway refuses any body over 10 MB (413 problem).',
  NoUserAgent_HEADER:
    "Blocks requests without a User-Agent, but tenants' servers and capture devices call the API with whatever HTTP client " +
    'they have; the credentials, not the header, decide who may call.',
};

/**
 * A WAF path regex for a route template: the stage's segment (absent behind a custom domain), then
 * the path with each `{param}` one segment.
 */
function pathRegex(stage: Stage, path: string): string {
  const escaped = path
    .split('/')
    .map((segment) => (/^\{[^}]+\}$/.test(segment) ? '[^/]+' : segment.replace(/[.*+?^$()|[\]\\]/g, '\\$&')))
    .join('/');
  return `^(?:/${stage})?${escaped}$`;
}

/**
 * obligation: DSR-8, SEC-2 — the API stage's AWS WAF web ACL (REGIONAL):
 *
 * 1. one rate-based rule per entry of shared/http/rate-limits.ts, with its very limit and window,
 *    counting per client IP as API Gateway sees it (never a forwarded-for header, which a caller
 *    sets), scoped down to the method and path of the operations it names (every public route when
 *    it names none), answering 429 with a problem document and `Retry-After` of the window's
 *    length: the local API server applies the same numbers (local/rate-limit.ts), so cloud and
 *    local cannot drift;
 * 2. AWS's managed common rule set (with {@link COMMON_RULES_COUNTED} in count mode) and its known
 *    bad inputs rule set.
 *
 * The path is URL-decoded and normalised (`//`, `./`, `../`) before it is matched, so a path
 * spelled otherwise is still counted. Sampled requests are off: they keep every header of a
 * request, the tenant key in `Authorization` too, for three hours in the console.
 */
export class ApiFirewall extends Construct {
  readonly webAcl: CfnWebACL;

  constructor(scope: Construct, id: string, props: ApiFirewallProps) {
    super(scope, id);
    const { stage } = props;
    const limits = props.rateLimits ?? PUBLIC_RATE_LIMITS;
    const routes = props.routes ?? ROUTES;
    const publicRoutes = routes.filter((r) => r.auth === 'public');
    const visibility = (metricName: string): CfnWebACL.VisibilityConfigProperty => ({
      cloudWatchMetricsEnabled: true,
      metricName,
      sampledRequestsEnabled: false,
    });

    const rateRules = limits.map((limit, index): CfnWebACL.RuleProperty => {
      const counted = limit.operationIds === undefined ? publicRoutes : limit.operationIds.map((op) => routeOf(publicRoutes, op, limit.name));
      return {
        name: limit.name,
        priority: index,
        action: {
          block: {
            customResponse: {
              responseCode: 429,
              customResponseBodyKey: TOO_MANY_BODY,
              responseHeaders: [
                { name: 'Retry-After', value: String(limit.windowSeconds) },
                { name: 'Cache-Control', value: 'no-store' },
              ],
            },
          },
        },
        statement: {
          rateBasedStatement: {
            limit: limit.limit,
            evaluationWindowSec: limit.windowSeconds,
            aggregateKeyType: 'IP',
            scopeDownStatement: this.routesStatement(stage, limit.name, counted),
          },
        },
        visibilityConfig: visibility(`${stage}-${limit.name}`),
      };
    });

    const managed = (name: string, priority: number, counted: Readonly<Record<string, string>> = {}): CfnWebACL.RuleProperty => ({
      name,
      priority,
      overrideAction: { none: {} },
      statement: {
        managedRuleGroupStatement: {
          vendorName: 'AWS',
          name,
          ...(Object.keys(counted).length === 0
            ? {}
            : { ruleActionOverrides: Object.keys(counted).map((rule) => ({ name: rule, actionToUse: { count: {} } })) }),
        },
      },
      visibilityConfig: visibility(`${stage}-${name}`),
    });

    this.webAcl = new CfnWebACL(this, 'WebAcl', {
      name: `skrbnik-${stage}-api`,
      description: `Skrbnik ${stage} API: public routes' rate limits, AWS managed rules`,
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      customResponseBodies: {
        // WAF offers text, HTML or JSON and lets no rule set Content-Type: the body is a problem
        // document (RFC 9457) served as application/json, the nearest WAF allows.
        [TOO_MANY_BODY]: {
          contentType: 'APPLICATION_JSON',
          content: JSON.stringify(problemBody('tooManyRequests', 'Too many requests from this address; retry after the time in Retry-After')),
        },
      },
      rules: [
        ...rateRules,
        managed('AWSManagedRulesCommonRuleSet', rateRules.length, COMMON_RULES_COUNTED),
        managed('AWSManagedRulesKnownBadInputsRuleSet', rateRules.length + 1),
      ],
      visibilityConfig: visibility(`skrbnik-${stage}-api`),
    });
    acknowledgeControls(
      this.webAcl,
      'WAFv2LoggingEnabled',
      "No WAF logs: each record holds the caller's IP address and every header, the tenant key in Authorization too, " +
        'kept apart from the access log that names no caller (SEC-6). The rules report per-rule CloudWatch metrics.',
    );
    new CfnWebACLAssociation(this, 'Association', {
      resourceArn: props.apiStage.stageArn,
      webAclArn: this.webAcl.attrArn,
    });
  }

  /**
   * Matches the requests of `routes`: per method, the method and a path in that method's regex
   * pattern set.
   */
  private routesStatement(stage: Stage, name: string, routes: readonly RouteDefinition[]): CfnWebACL.StatementProperty {
    const byMethod = new Map<string, Set<string>>();
    for (const route of routes) byMethod.set(route.method, (byMethod.get(route.method) ?? new Set()).add(pathRegex(stage, route.path)));
    const statements = [...byMethod].map(([method, regexes]): CfnWebACL.StatementProperty => {
      if (regexes.size > MAX_REGEXES_PER_SET) {
        throw new Error(`Rate limit ${name}: ${regexes.size} ${method} paths exceed WAF's ${MAX_REGEXES_PER_SET} regexes per pattern set`);
      }
      const set = new CfnRegexPatternSet(this, `${name}-${method}-paths`, {
        name: `skrbnik-${stage}-${name}-${method.toLowerCase()}`,
        description: `Paths of the public ${method} operations the ${name} rate limit counts`,
        scope: 'REGIONAL',
        regularExpressionList: [...regexes],
      });
      return {
        andStatement: {
          statements: [
            {
              byteMatchStatement: {
                fieldToMatch: { method: {} },
                positionalConstraint: 'EXACTLY',
                searchString: method,
                textTransformations: [{ priority: 0, type: 'NONE' }],
              },
            },
            {
              regexPatternSetReferenceStatement: {
                arn: set.attrArn,
                fieldToMatch: { uriPath: {} },
                textTransformations: [
                  { priority: 0, type: 'URL_DECODE' },
                  { priority: 1, type: 'NORMALIZE_PATH' },
                ],
              },
            },
          ],
        },
      };
    });
    if (statements.length === 0) throw new Error(`Rate limit ${name} counts no route`);
    return statements.length === 1 ? statements[0]! : { orStatement: { statements } };
  }
}

function routeOf(routes: readonly RouteDefinition[], operationId: string, limit: string): RouteDefinition {
  const route = routes.find((r) => r.operationId === operationId);
  if (route === undefined) throw new Error(`Rate limit ${limit} names ${operationId}, which is no public operation`);
  return route;
}
