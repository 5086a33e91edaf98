import { runSimulation } from '@cloud-copilot/iam-simulate';
import type { Template } from 'aws-cdk-lib/assertions';
import { TABLE } from '../../shared/store/table.ts';
import { resourcesOf, referenced, statementsOfRole } from './synth.ts';

export const ACCOUNT = '111111111111';
const REGION = 'eu-central-1';

/** A template value with its intrinsic functions resolved as CloudFormation would in ACCOUNT. */
export function resolver(template: Template, tableName: string) {
  const types = Object.fromEntries(Object.entries(template.toJSON().Resources as Record<string, { Type: string }>).map(([id, r]) => [id, r.Type]));
  const arnOf = (id: string): string => {
    switch (types[id]) {
      case 'AWS::DynamoDB::Table':
        return `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${tableName}`;
      case 'AWS::IAM::Role':
        return `arn:aws:iam::${ACCOUNT}:role/${id}`;
      case 'AWS::KMS::Key':
        return `arn:aws:kms:${REGION}:${ACCOUNT}:key/${id}`;
      default:
        return `arn:aws:${id}`;
    }
  };
  const resolve = (value: unknown): unknown => {
    if (typeof value === 'string' || typeof value !== 'object' || value === null) return value;
    if (Array.isArray(value)) return value.map(resolve);
    const v = value as Record<string, unknown>;
    if ('Fn::GetAtt' in v) return arnOf((v['Fn::GetAtt'] as string[])[0]!);
    if ('Fn::Join' in v) {
      const [sep, parts] = v['Fn::Join'] as [string, unknown[]];
      return parts.map(resolve).join(sep);
    }
    if ('Ref' in v) {
      const ref = v.Ref as string;
      return { 'AWS::Partition': 'aws', 'AWS::Region': REGION, 'AWS::AccountId': ACCOUNT, 'AWS::URLSuffix': 'amazonaws.com' }[ref] ?? arnOf(ref);
    }
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolve(x)]));
  };
  return { resolve, arnOf };
}

export type Decision = 'Allowed' | 'ImplicitlyDenied' | 'ExplicitlyDenied';

export interface TableRequest {
  action: string;
  /** The partitions as `dynamodb:LeadingKeys` holds them; absent for a scan. */
  leadingKeys?: string[];
  /** Query of the index rather than the table. */
  index?: boolean;
}

/**
 * The IAM policy simulator (@cloud-copilot/iam-simulate) over the synthesised template: the
 * identity policies of a role as deployed, asked about one request at a time.
 */
export function simulator(template: Template) {
  const tableId = Object.keys(resourcesOf(template, 'AWS::DynamoDB::Table'))[0]!;
  const tableName = resourcesOf(template, 'AWS::DynamoDB::Table')[tableId]!.Properties.TableName as string;
  const { resolve, arnOf } = resolver(template, tableName);
  const tableArn = arnOf(tableId);

  async function decide(roleId: string, principal: string, action: string, resource: string, context: Record<string, string | string[]>): Promise<Decision> {
    const statements = resolve(statementsOfRole(template, roleId));
    const outcome = await runSimulation(
      {
        identityPolicies: [{ name: roleId, policy: { Version: '2012-10-17', Statement: statements } }],
        serviceControlPolicies: [],
        resourceControlPolicies: [],
        request: { action, principal, resource: { accountId: ACCOUNT, resource }, contextVariables: context },
      },
      {},
    );
    if (outcome.resultType !== 'single') throw new Error(`simulation failed: ${JSON.stringify(outcome).slice(0, 500)}`);
    return outcome.result.analysis!.result as Decision;
  }

  return {
    tableArn,
    resolve,
    arnOf,
    /** What the function's own role, or a tenant data role in a session tagged `tenant`, may do to the table. */
    async table(roleId: string, request: TableRequest, tenant?: string): Promise<Decision> {
      const principal = tenant === undefined ? arnOf(roleId) : `arn:aws:sts::${ACCOUNT}:assumed-role/${roleId}/tenant-${tenant}`;
      const context: Record<string, string | string[]> = {};
      if (request.leadingKeys) context['dynamodb:LeadingKeys'] = request.leadingKeys;
      if (tenant !== undefined) context['aws:PrincipalTag/tenant'] = tenant;
      const resource = request.index ? `${tableArn}/index/${TABLE.indexes.byType.name}` : tableArn;
      return decide(roleId, principal, request.action, resource, context);
    },
    /** Whether `principalRoleId` may assume `roleId` with these request tags: its own policy and the role's trust policy. */
    async assume(principalRoleId: string, roleId: string, tags: Record<string, string>): Promise<Decision> {
      const context = { ...Object.fromEntries(Object.entries(tags).map(([k, v]) => [`aws:RequestTag/${k}`, v])), 'aws:TagKeys': Object.keys(tags) };
      const trust = resolve(resourcesOf(template, 'AWS::IAM::Role')[roleId]!.Properties.AssumeRolePolicyDocument);
      const statements = resolve(statementsOfRole(template, principalRoleId));
      const outcome = await runSimulation(
        {
          identityPolicies: [{ name: principalRoleId, policy: { Version: '2012-10-17', Statement: statements } }],
          serviceControlPolicies: [],
          resourceControlPolicies: [],
          resourcePolicy: trust as never,
          request: { action: 'sts:AssumeRole', principal: arnOf(principalRoleId), resource: { accountId: ACCOUNT, resource: arnOf(roleId) }, contextVariables: context },
        },
        {},
      );
      if (outcome.resultType !== 'single') throw new Error(`simulation failed: ${JSON.stringify(outcome).slice(0, 500)}`);
      return outcome.result.analysis!.result as Decision;
    },
    roleOfFunction(fnId: string): string {
      return referenced(resourcesOf(template, 'AWS::Lambda::Function')[fnId]!.Properties.Role);
    },
  };
}
