import { describe, expect, it } from 'vitest';
import { HTTP_FUNCTIONS } from '../../shared/http/route-definition.ts';
import type { HttpFunctionName } from '../../shared/http/route-definition.ts';
import { HTTP_TABLE_REACH } from '../../shared/http/table-reach.ts';
import { JOBS } from '../../shared/jobs/jobs.ts';
import { keys } from '../../shared/store/keys.ts';
import { simulator } from './iam-simulation.ts';
import type { Decision, TableRequest } from './iam-simulation.ts';
import { reachableStatements, resourcesOf, synth } from './synth.ts';

/*
 * obligation: TEN-3 — tenant isolation in IAM, proven with a policy simulator over the template
 * as it deploys (@cloud-copilot/iam-simulate), not by reading the policies.
 */
const { template } = synth({ stage: 'prod' });
const sim = simulator(template);
const functions = resourcesOf(template, 'AWS::Lambda::Function');
const fnId = (description: string) => {
  const found = Object.keys(functions).filter((id) => functions[id]!.Properties.Description === description);
  expect(found, description).toHaveLength(1);
  return found[0]!;
};
const httpFn = (name: HttpFunctionName) => fnId(`HTTP routes of ${name}`);
const AUTHORIZER = fnId('Maps a tenant API key to its tenant and scopes (TEN-2, TEN-3)');

const A = '01aaaaaaaaaaaaaaaaaaaaaaaa';
const B = '01bbbbbbbbbbbbbbbbbbbbbbbb';
const SUBJECT = '01cccccccccccccccccccccccc';
const INCIDENT = '01dddddddddddddddddddddddd';

const get = (...leadingKeys: string[]): TableRequest => ({ action: 'dynamodb:GetItem', leadingKeys });
const put = (...leadingKeys: string[]): TableRequest => ({ action: 'dynamodb:PutItem', leadingKeys });
const indexQuery = (partition: string): TableRequest => ({ action: 'dynamodb:Query', leadingKeys: [partition], index: true });
const SCAN: TableRequest = { action: 'dynamodb:Scan' };

/** Actions no function serving tenants needs: the table's management, PartiQL, backups and exports. */
const NEVER_NEEDED = ['dynamodb:DeleteTable', 'dynamodb:UpdateTable', 'dynamodb:DescribeTable', 'dynamodb:UpdateTimeToLive', 'dynamodb:PartiQLSelect', 'dynamodb:PartiQLUpdate', 'dynamodb:ExportTableToPointInTime', 'dynamodb:RestoreTableToPointInTime', 'dynamodb:CreateBackup'];

const tenantFunctions = HTTP_FUNCTIONS.filter((n) => HTTP_TABLE_REACH[n]?.via === 'tenant');

/** The tenant data role a function may assume: exactly one. */
function tenantRoleOf(fn: string): string {
  const roles = reachableStatements(template, fn)
    .filter((s) => s.Effect === 'Allow' && [s.Action].flat().includes('sts:AssumeRole'))
    .flatMap((s) => [s.Resource].flat().map((r) => (r as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0]));
  expect(roles, fn).toHaveLength(1);
  return roles[0]!;
}

describe('TEN-3 tenant isolation in IAM (policy simulator)', () => {
  it('knows every function that serves tenants, public link pages and the intake form among them', () => {
    expect(tenantFunctions).toEqual(expect.arrayContaining(['subjects', 'consents', 'consent-links', 'export-links', 'privacy-request-intake', 'api-keys']));
  });

  describe.each(tenantFunctions)('%s', (name) => {
    const fn = httpFn(name);
    const reach = HTTP_TABLE_REACH[name] as { via: 'tenant'; access: 'read' | 'readWrite'; beyond?: string };
    const role = tenantRoleOf(fn);
    const asA = (request: TableRequest) => sim.table(role, request, A);

    it('TEN-3 its own role reaches no partition of the table', async () => {
      for (const request of [get(`T#${A}`), put(`T#${A}`), indexQuery(`T#${A}#SUBJECTS`), SCAN, get(keys.tenantListPartition)]) {
        expect(await sim.table(sim.roleOfFunction(fn), request), JSON.stringify(request)).toBe<Decision>('ImplicitlyDenied');
      }
    });

    it("TEN-3 tenant A's credentials reach A's partitions", async () => {
      expect(await asA(get(`T#${A}`))).toBe<Decision>('Allowed');
      expect(await asA(get(keys.subjectPartition(A, SUBJECT)))).toBe<Decision>('Allowed');
      expect(await asA(indexQuery(keys.subjectList(A)))).toBe<Decision>('Allowed');
      expect(await asA(get(`T#${A}`, keys.subjectPartition(A, SUBJECT)))).toBe<Decision>('Allowed');
    });

    it("TEN-3 tenant A's credentials are denied B's partitions, the operator-wide lists and any scan", async () => {
      for (const request of [
        get(`T#${B}`),
        get(keys.subjectPartition(B, SUBJECT)),
        get(`T#${A}`, `T#${B}`),
        indexQuery(keys.subjectList(B)),
        indexQuery(keys.tenantListPartition),
        indexQuery(keys.erasingList),
        get(`T#${A.slice(0, -1)}`),
        get(`T#${A}x`),
        get(keys.documentSequence('INVOICE', 2026).pk),
        SCAN,
      ]) {
        expect(await asA(request), JSON.stringify(request)).toBe<Decision>('ImplicitlyDenied');
      }
    });

    it(`TEN-3 ${reach.access === 'read' ? 'may not write even its own partitions' : 'may write its own partitions'}`, async () => {
      expect(await asA(put(`T#${A}`))).toBe<Decision>(reach.access === 'read' ? 'ImplicitlyDenied' : 'Allowed');
      expect(await asA(put(`T#${B}`))).toBe<Decision>('ImplicitlyDenied');
    });

    it(`TEN-3 ${reach.beyond === 'breach-register' ? 'reads the breach register' : 'is denied the breach register'}`, async () => {
      const expected: Decision = reach.beyond === 'breach-register' ? 'Allowed' : 'ImplicitlyDenied';
      expect(await asA(get(keys.incidentPartition(INCIDENT)))).toBe(expected);
      expect(await asA(indexQuery(keys.incidentsList))).toBe(expected);
    });

    it('TEN-3 is denied every action it does not need', async () => {
      for (const action of NEVER_NEEDED) {
        expect(await asA({ action, leadingKeys: [`T#${A}`] }), action).toBe<Decision>('ImplicitlyDenied');
      }
    });

    it('TEN-3 only this kind of function may assume the role, once per tenant: one tag, a whole tenant id, no wildcard', async () => {
      const own = sim.roleOfFunction(fn);
      expect(await sim.assume(own, role, { tenant: A })).toBe<Decision>('Allowed');
      expect(await sim.assume(own, role, {})).toBe<Decision>('ImplicitlyDenied');
      expect(await sim.assume(own, role, { tenant: '*' })).toBe<Decision>('ImplicitlyDenied');
      expect(await sim.assume(own, role, { tenant: `${A}*` })).toBe<Decision>('ImplicitlyDenied');
      expect(await sim.assume(own, role, { tenant: A, other: 'x' })).toBe<Decision>('ImplicitlyDenied');
      expect(await sim.assume(sim.roleOfFunction(httpFn('operator-tenants')), role, { tenant: A })).toBe<Decision>('ImplicitlyDenied');
    });
  });

  it("TEN-3 the authorizer reads tenants' root partitions by key and nothing else", async () => {
    const role = sim.roleOfFunction(AUTHORIZER);
    expect(await sim.table(role, get(`T#${A}`))).toBe<Decision>('Allowed');
    for (const request of [get(keys.subjectPartition(A, SUBJECT)), get(keys.lookupPartition(A, 'email', 'x')), { action: 'dynamodb:Query', leadingKeys: [`T#${A}`] }, put(`T#${A}`), get(keys.tenantListPartition), get(keys.incidentPartition(INCIDENT)), SCAN]) {
      expect(await sim.table(role, request), JSON.stringify(request)).toBe<Decision>('ImplicitlyDenied');
    }
  });

  it("TEN-3 the status page reads maintenance and the status feed, nothing of a tenant's", async () => {
    const role = sim.roleOfFunction(httpFn('status-page'));
    expect(await sim.table(role, indexQuery(keys.maintenanceList))).toBe<Decision>('Allowed');
    expect(await sim.table(role, indexQuery(keys.statusFeedList))).toBe<Decision>('Allowed');
    expect(await sim.table(role, get(keys.maintenancePartition(INCIDENT)))).toBe<Decision>('Allowed');
    for (const request of [get(`T#${A}`), indexQuery(keys.subjectList(A)), indexQuery(keys.tenantListPartition), put(keys.maintenancePartition(INCIDENT)), get(keys.incidentPartition(INCIDENT)), SCAN]) {
      expect(await sim.table(role, request), JSON.stringify(request)).toBe<Decision>('ImplicitlyDenied');
    }
  });

  it('TEN-3 TEN-4 only operator functions, jobs and the read-audit writer reach the whole table under their own role', async () => {
    const wholeTable: string[] = [];
    for (const id of Object.keys(functions)) {
      if ((await sim.table(sim.roleOfFunction(id), get(`T#${A}#SUBJ#${SUBJECT}`))) === 'Allowed') wholeTable.push(functions[id]!.Properties.Description);
    }
    const expected = [
      ...HTTP_FUNCTIONS.filter((n) => HTTP_TABLE_REACH[n]?.via === 'table').map((n) => `HTTP routes of ${n}`),
      ...JOBS.map((j) => j.description),
      'Writes queued read audits to the audit trail (AUD-1, TEN-4)',
    ];
    expect(wholeTable.sort()).toEqual(expected.sort());
  });
});
