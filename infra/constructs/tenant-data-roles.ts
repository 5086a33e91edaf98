import { Duration } from 'aws-cdk-lib';
import { PolicyStatement, Role, SessionTagsPrincipal } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { TableAccess } from '../../shared/http/table-reach.ts';
import { TENANT_SESSION_TAG, reachPatterns } from '../../shared/store/tenant-boundary.ts';
import type { TenantReach } from '../../shared/store/tenant-boundary.ts';
import type { CompliantFunction } from './compliant-function.ts';
import type { CompliantTable } from './compliant-table.ts';
import { acknowledgeControls } from './control-packs.ts';

/** Properties of the {@link TenantDataRoles}. */
export interface TenantDataRolesProps {
  /** The table the roles reach, within the tenant's partitions. */
  readonly table: CompliantTable;
}

/** IAM's policy variable for the tenant session tag: the role's policy reads the tenant from it. */
const TENANT_TAG_VARIABLE = `\${aws:PrincipalTag/${TENANT_SESSION_TAG}}`;

/** A tenant id as the trust policy admits it: exactly 26 characters (a ULID), no wildcard. */
const TENANT_ID_PATTERN = '?'.repeat(26);

/**
 * obligation: TEN-3 — the token-vending roles, as in AWS's SaaS Builder Toolkit: one role per
 * kind of access a function serving tenants needs (read, read-write, and with the breach register),
 * assumed by those functions alone, per request's tenant, with the tenant's id as a session tag
 * (shared/clients/tenant-credentials.ts). Each role's policy admits the table's item actions only
 * where every `dynamodb:LeadingKeys` value is the tagged tenant's partition (`T#<id>`, `T#<id>#…`,
 * the patterns of shared/store/tenant-boundary.ts): credentials vended for tenant A are refused
 * tenant B's partitions, the operator-wide lists and any scan. The functions' own roles have no
 * table access at all, so a missing scope in code cannot reach across tenants.
 */
export class TenantDataRoles extends Construct {
  private readonly table: CompliantTable;
  private readonly roles = new Map<string, Role>();

  constructor(scope: Construct, id: string, props: TenantDataRolesProps) {
    super(scope, id);
    this.table = props.table;
    acknowledgeControls(
      this,
      'IAMNoInlinePolicy',
      "Each tenant data role's one policy holds the tenant condition on dynamodb:LeadingKeys written for this role and " +
        'attached to no other; a managed policy would only invite sharing it (TEN-3).',
    );
  }

  /**
   * Lets `fn` assume the role for `access` and `beyond`, with a tenant session tag and nothing
   * else, and tells it which (TENANT_DATA_ROLE_ARN); the table's name comes with it (TABLE_NAME).
   */
  grantAssume(fn: CompliantFunction, access: TableAccess, beyond: TenantReach = 'own'): void {
    const role = this.roleFor(access, beyond, fn);
    fn.addToRolePolicy(new PolicyStatement({ actions: ['sts:AssumeRole', 'sts:TagSession'], resources: [role.roleArn] }));
    fn.addEnvironment('TENANT_DATA_ROLE_ARN', role.roleArn);
    fn.addEnvironment('TABLE_NAME', this.table.tableName);
  }

  private roleFor(access: TableAccess, beyond: TenantReach, fn: CompliantFunction): Role {
    const id = `${access === 'read' ? 'Reader' : 'Writer'}${beyond === 'own' ? '' : 'WithBreachRegister'}`;
    const assumer = new SessionTagsPrincipal(fn.role).withConditions(TRUST_CONDITIONS);
    const existing = this.roles.get(id);
    if (existing) {
      existing.assumeRolePolicy!.addStatements(
        new PolicyStatement({ principals: [fn.role], actions: ['sts:AssumeRole', 'sts:TagSession'], conditions: TRUST_CONDITIONS }),
      );
      return existing;
    }
    const role = new Role(this, id, {
      assumedBy: assumer,
      description: `Skrbnik tenant data (${access}${beyond === 'own' ? '' : ', breach register'}): assumed per tenant, limited to its partitions (TEN-3)`,
      maxSessionDuration: Duration.hours(1),
    });
    this.table.grantAccess(role, access, { leadingKeys: reachPatterns(TENANT_TAG_VARIABLE, beyond) });
    this.roles.set(id, role);
    return role;
  }
}

/**
 * A session must carry the tenant tag, a tenant id and no other tag: without it the role's
 * policy variable would be empty and match nothing, but no session should exist at all.
 */
const TRUST_CONDITIONS = {
  StringLike: { [`aws:RequestTag/${TENANT_SESSION_TAG}`]: TENANT_ID_PATTERN },
  'ForAllValues:StringEquals': { 'aws:TagKeys': [TENANT_SESSION_TAG] },
};
