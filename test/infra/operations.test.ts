import type { NestedStack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { STAGE_CONFIG } from '../../shared/config/stage.ts';
import type { Stage } from '../../shared/config/stage.ts';
import { assertOperationsConfig, operationsConfigProblems } from '../../shared/config/operations.ts';
import type { OperationsConfig } from '../../shared/config/operations.ts';
import { PUBLIC_RATE_LIMITS } from '../../shared/http/rate-limits.ts';
import { ROUTES } from '../../shared/http/routes.ts';
import { JOBS } from '../../shared/jobs/jobs.ts';
import { constructId } from '../../infra/constructs/construct-id.ts';
import { COMMON_RULES_COUNTED } from '../../infra/constructs/api-firewall.ts';
import { referenced, resourcesOf, synth } from './synth.ts';

/** The stage's stack and its operations nested stack (infra/constructs/operations.ts). */
function templatesOf(stage: Stage) {
  const { stack, template } = synth({ stage });
  const operations = Template.fromStack(stack.node.findChild('Operations') as NestedStack);
  const nested = Object.entries(resourcesOf(template, 'AWS::CloudFormation::Stack')).filter(([id]) => id.startsWith('Operations'));
  expect(nested).toHaveLength(1);
  const parameters = nested[0]![1].Properties.Parameters as Record<string, unknown>;
  /** The logical id in the stage's stack that a nested stack's `{ Ref: parameter }` (or its own resource) stands for. */
  const outer = (value: unknown): string => {
    const id = referenced(value);
    return id in parameters ? referenced(parameters[id]) : id;
  };
  return { template, operations, outer };
}

/** A concrete path for a route template: each `{param}` becomes `x1`. */
const concrete = (path: string) => path.replace(/\{[^}]+\}/g, 'x1');

describe.each<Stage>(['dev', 'prod'])('operations of the %s stage', (stage) => {
  const config = STAGE_CONFIG[stage];
  const { template, operations, outer } = templatesOf(stage);
  const alarms = Object.values(resourcesOf(operations, 'AWS::CloudWatch::Alarm'));
  const functions = resourcesOf(template, 'AWS::Lambda::Function');
  const topics = resourcesOf(operations, 'AWS::SNS::Topic');
  const alarmsOn = (metric: string, dimension: string, logicalId: string) =>
    alarms.filter(
      (a) =>
        a.Properties.MetricName === metric &&
        a.Properties.Dimensions.some((d: { Name: string; Value: unknown }) => d.Name === dimension && outer(d.Value) === logicalId),
    );

  describe('alarms', () => {
    it('SEC-2 go to one alarm topic, encrypted with a key of its own, that e-mails the stage\'s alarm address', () => {
      expect(Object.keys(topics)).toHaveLength(1);
      const [topicId, topic] = Object.entries(topics)[0]!;
      expect(topic.Properties.KmsMasterKeyId).toBeDefined();
      const subscriptions = Object.values(resourcesOf(operations, 'AWS::SNS::Subscription'));
      expect(subscriptions.map((s) => [s.Properties.Protocol, s.Properties.Endpoint, referenced(s.Properties.TopicArn)])).toEqual([
        ['email', config.operations.alarmEmail, topicId],
      ]);
      for (const alarm of alarms) {
        expect(alarm.Properties.AlarmActions.map(referenced), alarm.Properties.AlarmName).toEqual([topicId]);
        expect(alarm.Properties.OKActions.map(referenced)).toEqual([topicId]);
      }
      // CloudWatch must be able to encrypt for the topic, or alarms fire and nobody hears.
      const keyId = referenced(topic.Properties.KmsMasterKeyId);
      const keyStatements = resourcesOf(operations, 'AWS::KMS::Key')[keyId]!.Properties.KeyPolicy.Statement;
      const forCloudWatch = keyStatements.filter((st: any) => [st.Principal.Service].flat().includes('cloudwatch.amazonaws.com'));
      expect(forCloudWatch.flatMap((st: any) => st.Action)).toEqual(expect.arrayContaining(['kms:Decrypt', 'kms:GenerateDataKey*']));
    });

    it('SEC-5 AUD-1 watch every dead-letter queue of the stack: a message visible raises the alarm', () => {
      const queues = resourcesOf(template, 'AWS::SQS::Queue');
      const deadLetterQueues = new Set<string>([
        ...Object.values(queues).flatMap((q) => (q.Properties.RedrivePolicy ? [referenced(q.Properties.RedrivePolicy.deadLetterTargetArn)] : [])),
        ...Object.values(functions).flatMap((f) => (f.Properties.DeadLetterConfig ? [referenced(f.Properties.DeadLetterConfig.TargetArn)] : [])),
      ]);
      // The jobs', the read audits' and the SES bounce handler's (docs/email.md).
      expect(deadLetterQueues.size).toBe(3);
      for (const queue of deadLetterQueues) {
        const [alarm, ...more] = alarmsOn('ApproximateNumberOfMessagesVisible', 'QueueName', queue);
        expect(more, queue).toEqual([]);
        expect(alarm?.Properties, queue).toMatchObject({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold', Statistic: 'Maximum' });
      }
    });

    it.each(JOBS)('SEC-5 raises an alarm when the $name job fails', (job) => {
      const fnId = Object.keys(functions).find((id) => id.startsWith(`Jobs${constructId(job.name)}`) && !id.includes('Schedule'))!;
      expect(functions[fnId]?.Properties.Description).toBe(job.description);
      const [alarm] = alarmsOn('Errors', 'FunctionName', fnId);
      expect(alarm?.Properties).toMatchObject({ Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', Statistic: 'Sum' });
    });

    it('BRE-2 BRE-4 raises an alarm when the breach clock has not run for 30 minutes, no data counting as not run', () => {
      const fnId = Object.keys(functions).find((id) => id.startsWith('JobsBreachClock'))!;
      const [alarm, ...more] = alarmsOn('Invocations', 'FunctionName', fnId);
      expect(more).toEqual([]);
      expect(alarm?.Properties).toMatchObject({
        Period: 1800,
        Statistic: 'Sum',
        Threshold: 1,
        ComparisonOperator: 'LessThanThreshold',
        EvaluationPeriods: 1,
        TreatMissingData: 'breaching',
      });
    });

    it('TEN-2 raises alarms on the authorizer\'s errors and throttles', () => {
      const authorizerId = Object.keys(functions).find((id) => id.startsWith('ApiAuthorizer') && !id.includes('Role'))!;
      expect(alarmsOn('Errors', 'FunctionName', authorizerId)).toHaveLength(1);
      expect(alarmsOn('Throttles', 'FunctionName', authorizerId)).toHaveLength(1);
    });

    it("raises an alarm on the API stage's 5xx rate, judged only with enough requests", () => {
      const [alarm, ...more] = alarms.filter((a) => a.Properties.Metrics?.some((m: any) => m.MetricStat?.Metric.MetricName === '5XXError'));
      expect(more).toEqual([]);
      const metrics = alarm!.Properties.Metrics as any[];
      expect(metrics.find((m) => m.Expression)?.Expression).toMatch(/^IF\(requests >= \d+, errors \/ requests, 0\)$/);
      const stat = metrics.find((m) => m.MetricStat?.Metric.MetricName === 'Count')!.MetricStat.Metric;
      const stageDimension = stat.Dimensions.find((d: { Name: string }) => d.Name === 'Stage');
      expect(resourcesOf(template, 'AWS::ApiGateway::Stage')[outer(stageDimension.Value)]).toBeDefined();
      expect(alarm!.Properties).toMatchObject({ Threshold: 0.05, ComparisonOperator: 'GreaterThanThreshold' });
    });
  });

  describe('reserved concurrency', () => {
    it('BRE-2 BRE-4 TEN-2 reserves the configured concurrency for the authorizer and the two breach jobs, and for no other function', () => {
      const reserved = Object.fromEntries(
        Object.entries(functions)
          .filter(([, f]) => f.Properties.ReservedConcurrentExecutions !== undefined)
          .map(([id, f]) => [id.replace(/[0-9A-F]{8}$/, ''), f.Properties.ReservedConcurrentExecutions]),
      );
      const { authorizer, breachJobs } = config.operations.reservedConcurrency;
      expect(reserved).toEqual({ ApiAuthorizer: authorizer, JobsBreachClock: breachJobs, JobsBreachCommunications: breachJobs });
    });
  });

  describe('WAF', () => {
    const acls = Object.entries(resourcesOf(operations, 'AWS::WAFv2::WebACL'));
    const [aclId, acl] = acls[0]!;
    const rules = acl.Properties.Rules as any[];
    const patternSets = resourcesOf(operations, 'AWS::WAFv2::RegexPatternSet');

    it('DSR-8 associates one REGIONAL web ACL with the API stage', () => {
      expect(acls).toHaveLength(1);
      expect(acl.Properties.Scope).toBe('REGIONAL');
      const associations = Object.values(resourcesOf(operations, 'AWS::WAFv2::WebACLAssociation'));
      expect(associations).toHaveLength(1);
      expect(referenced(associations[0]!.Properties.WebACLArn)).toBe(aclId);
      const [, parts] = associations[0]!.Properties.ResourceArn['Fn::Join'];
      const refs = (parts as unknown[]).filter((p) => typeof p !== 'string').map(outer);
      expect(refs.map((id) => template.toJSON().Resources[id].Type)).toEqual(['AWS::ApiGateway::RestApi', 'AWS::ApiGateway::Stage']);
    });

    it('DSR-8 has one rate-based rule per shared limit, with its very limit and window, per client IP, blocking with 429', () => {
      for (const limit of PUBLIC_RATE_LIMITS) {
        const rule = rules.find((r) => r.Name === limit.name);
        expect(rule, limit.name).toBeDefined();
        expect(rule.Statement.RateBasedStatement).toMatchObject({ Limit: limit.limit, EvaluationWindowSec: limit.windowSeconds, AggregateKeyType: 'IP' });
        expect(rule.Statement.RateBasedStatement.ForwardedIPConfig).toBeUndefined();
        expect(rule.Action.Block.CustomResponse).toMatchObject({ ResponseCode: 429 });
        expect(rule.Action.Block.CustomResponse.ResponseHeaders).toContainEqual({ Name: 'Retry-After', Value: String(limit.windowSeconds) });
        // Within WAF's bounds: at least 10 requests, a window it offers.
        expect(limit.limit).toBeGreaterThanOrEqual(10);
        expect([60, 120, 300, 600]).toContain(limit.windowSeconds);
      }
      // The rate rules come before the managed rules.
      const managedFirst = Math.min(...rules.filter((r) => r.Statement.ManagedRuleGroupStatement).map((r) => r.Priority));
      expect(Math.max(...rules.filter((r) => r.Statement.RateBasedStatement).map((r) => r.Priority))).toBeLessThan(managedFirst);
    });

    it('DSR-8 scopes each rate rule down to the method and path of exactly its public operations, with or without the stage prefix', () => {
      for (const limit of PUBLIC_RATE_LIMITS) {
        const scope = rules.find((r) => r.Name === limit.name).Statement.RateBasedStatement.ScopeDownStatement;
        const branches = (scope.OrStatement?.Statements ?? [scope]) as any[];
        const matchers = branches.map((b) => {
          const [method, paths] = b.AndStatement.Statements;
          const set = patternSets[referenced(paths.RegexPatternSetReferenceStatement.Arn)]!;
          expect(paths.RegexPatternSetReferenceStatement.TextTransformations.map((t: { Type: string }) => t.Type)).toEqual(['URL_DECODE', 'NORMALIZE_PATH']);
          return { method: method.ByteMatchStatement.SearchString, regexes: (set.Properties.RegularExpressionList as string[]).map((r) => new RegExp(r)) };
        });
        const counts = (method: string, path: string) => matchers.some((m) => m.method === method && m.regexes.some((r) => r.test(path)));
        for (const route of ROUTES) {
          const counted = route.auth === 'public' && (limit.operationIds === undefined || limit.operationIds.includes(route.operationId));
          const path = concrete(route.path);
          // A tenant or operator route sharing a counted path and method would be counted too: none does.
          if (!counted && ROUTES.some((r) => r !== route && r.method === route.method && concrete(r.path) === path)) continue;
          expect(counts(route.method, `/${stage}${path}`), `${limit.name} ${route.method} ${route.path}`).toBe(counted);
          expect(counts(route.method, path), `${limit.name} ${route.method} ${route.path} (no stage)`).toBe(counted);
        }
      }
    });

    it('answers 429 with a problem document as JSON (WAF lets no rule set Content-Type)', () => {
      const bodies = Object.values(acl.Properties.CustomResponseBodies) as { ContentType: string; Content: string }[];
      expect(bodies).toHaveLength(1);
      expect(bodies[0]!.ContentType).toBe('APPLICATION_JSON');
      expect(JSON.parse(bodies[0]!.Content)).toMatchObject({ type: '/problems/too-many-requests', status: 429, title: 'Too many requests' });
    });

    it("DAT-1 runs AWS's common and known-bad-inputs rule sets, with the 8 KB body limit and the User-Agent rule counted only", () => {
      const managed = rules.filter((r) => r.Statement.ManagedRuleGroupStatement).map((r) => r.Statement.ManagedRuleGroupStatement);
      expect(managed.map((m) => m.Name)).toEqual(['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet']);
      expect(managed[0].RuleActionOverrides).toEqual(Object.keys(COMMON_RULES_COUNTED).map((Name) => ({ Name, ActionToUse: { Count: {} } })));
      expect(Object.keys(COMMON_RULES_COUNTED)).toContain('SizeRestrictions_BODY');
    });

    it('SEC-6 keeps no sampled requests (they hold every header, tenant keys too)', () => {
      for (const rule of rules) expect(rule.VisibilityConfig.SampledRequestsEnabled).toBe(false);
      expect(acl.Properties.VisibilityConfig.SampledRequestsEnabled).toBe(false);
    });
  });

  describe('backups', () => {
    const { backup } = config.operations;
    const vaults = Object.values(resourcesOf(operations, 'AWS::Backup::BackupVault'));
    const plans = Object.values(resourcesOf(operations, 'AWS::Backup::BackupPlan'));

    it('SEC-3 backs the table up daily into a vault of its own, under its own key, with a vault lock, kept past the stack', () => {
      expect(vaults).toHaveLength(1);
      const vault = vaults[0]!;
      expect(vault.Properties.LockConfiguration).toEqual({
        MinRetentionDays: backup.lock.minRetentionDays,
        MaxRetentionDays: backup.lock.maxRetentionDays,
        ...(backup.lock.compliance ? { ChangeableForDays: 3 } : {}),
      });
      expect(vault.DeletionPolicy).toBe('Retain');
      const vaultKey = referenced(vault.Properties.EncryptionKeyArn);
      expect(resourcesOf(operations, 'AWS::KMS::Key')[vaultKey]?.Properties.EnableKeyRotation).toBe(true);
      const table = Object.entries(resourcesOf(template, 'AWS::DynamoDB::Table'))[0]!;
      expect(outer(table[1].Properties.SSESpecification.KMSMasterKeyId)).not.toBe(vaultKey);
      // Point-in-time recovery stays.
      expect(table[1].Properties.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });

      expect(plans).toHaveLength(1);
      const [rule] = plans[0]!.Properties.BackupPlan.BackupPlanRule;
      expect(rule).toMatchObject({
        ScheduleExpression: `cron(${backup.dailyAt.minute} ${backup.dailyAt.hour} * * ? *)`,
        ScheduleExpressionTimezone: 'Europe/Ljubljana',
        Lifecycle: { DeleteAfterDays: backup.retentionDays },
      });
      expect(referenced(rule.TargetBackupVault)).toBe(Object.keys(resourcesOf(operations, 'AWS::Backup::BackupVault'))[0]);
      const selections = Object.values(resourcesOf(operations, 'AWS::Backup::BackupSelection'));
      expect(selections).toHaveLength(1);
      expect(selections[0]!.Properties.BackupSelection.Resources.map(outer)).toEqual([table[0]]);
    });
  });
});

describe('operations configuration', () => {
  const valid: OperationsConfig = STAGE_CONFIG.prod.operations;

  it('SEC-3 holds for every stage', () => {
    for (const [stage, config] of Object.entries(STAGE_CONFIG)) expect(operationsConfigProblems(config.operations), stage).toEqual([]);
  });

  it.each<[string, OperationsConfig, RegExp]>([
    ['a malformed alarm address', { ...valid, alarmEmail: 'ops' }, /alarmEmail "ops" is not an e-mail address/],
    ['one breach job run at a time', { ...valid, reservedConcurrency: { authorizer: 10, breachJobs: 1 } }, /breachJobs must be an integer of at least 2/],
    [
      'backups kept past PITR\'s 35 days (DSR-6)',
      { ...valid, backup: { ...valid.backup, retentionDays: 90, lock: { minRetentionDays: 30, maxRetentionDays: 35, compliance: true } } },
      /retentionDays 90 exceeds 35/,
    ],
    [
      'a retention outside the vault lock',
      { ...valid, backup: { ...valid.backup, retentionDays: 7, lock: { minRetentionDays: 30, maxRetentionDays: 35, compliance: true } } },
      /must lie within the vault lock's 30\.\.35 days/,
    ],
    ['an hour past midnight', { ...valid, backup: { ...valid.backup, dailyAt: { hour: 24, minute: 0 } } }, /not a time of day/],
  ])('SEC-3 stops synthesis on %s', (_what, config, message) => {
    expect(() => assertOperationsConfig('prod', config)).toThrow(message);
  });
});
