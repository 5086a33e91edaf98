import { assertId } from './keys.ts';

/**
 * The only way into tenant data: repositories take a scope, and a scope is made only from an
 * authenticated tenant context or by an operator service naming the tenant it acts on
 * (obligation: TEN-3). Every key a repository builds starts from `scope.tenantId`.
 */
export class TenantScope {
  private constructor(readonly tenantId: string) {}

  /** From the authorizer's context: the only source of a tenant id on tenant routes. */
  static ofTenant(auth: { kind: 'tenant'; tenantId: string }): TenantScope {
    return new TenantScope(assertId(auth.tenantId, 'tenant'));
  }

  /**
   * For code that names the tenant it acts on after checking a right to: operator routes (IAM),
   * scheduled jobs, and the authorizer once a key's secret matched.
   */
  static named(tenantId: string): TenantScope {
    return new TenantScope(assertId(tenantId, 'tenant'));
  }
}
