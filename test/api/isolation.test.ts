import { beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../shared/http/routes.ts';
import type { OperationId, Route } from '../../shared/http/routes.ts';
import { OPERATOR_TOKEN, allItems, request, useApi } from '../support/api.ts';
import type { Reply } from '../support/api.ts';
import { inTenantKeySpace, pathParamNames, readVersions, requestFor, seedTenant, send } from '../support/route-samples.ts';
import type { Fixture, Versions } from '../support/route-samples.ts';

/**
 * obligation: TEN-3 — tenant B, holding a valid admin+capture key, walks every tenant route aimed
 * at tenant A's resources. Nothing of A comes back and nothing of A changes.
 */
const ctx = useApi();

const TENANT_ROUTES = ROUTES.filter((r) => r.auth === 'tenant');
const OPERATOR_ROUTES = ROUTES.filter((r) => r.auth === 'operator');
/** Routes whose path names a tenant resource: B must get 404, as if A's ids did not exist. */
const ADDRESSED = TENANT_ROUTES.filter((r) => pathParamNames(r).length > 0);
/** Routes without path parameters: B gets its own data, none of A's. */
const UNADDRESSED = TENANT_ROUTES.filter((r) => pathParamNames(r).length === 0);

type Item = Record<string, unknown>;
const byKey = (a: Item, b: Item) => `${a.pk}\u0000${a.sk}`.localeCompare(`${b.pk}\u0000${b.sk}`);
const itemsOf = (items: Item[], tenantId: string) => items.filter((i) => inTenantKeySpace(i.pk, tenantId)).sort(byKey);

function expectProblem(reply: Reply, status: number, type: string): void {
  expect(reply.status, JSON.stringify(reply.body)).toBe(status);
  expect(reply.headers.get('content-type')).toBe('application/problem+json');
  expect(reply.body).toMatchObject({ type, status, title: expect.any(String) });
}

let A: Fixture;
let B: Fixture;
let versionsA: Versions;
/** Everything that identifies A's data: B must never see any of it. */
let secretsOfA: string[];
let snapshotOfA: Item[];
let tableBefore: Item[];
/** Cursors A's own lists gave, to try as B. */
const cursorsOfA: { path: string; cursor: string }[] = [];
const walked = new Set<OperationId>();

/** The secret part of an API key (`skr_<tenant>_<key>_<secret>`). */
const secretOf = (key: string) => key.split('_').slice(3).join('_');

function expectNothingOfA(reply: Reply): void {
  const text = JSON.stringify(reply.body ?? null);
  for (const value of secretsOfA) expect(text, `the response shows ${value} of tenant A`).not.toContain(value);
}

beforeAll(async () => {
  A = await seedTenant(ctx.api);
  B = await seedTenant(ctx.api);
  secretsOfA = [...new Set([...Object.values(A.ids), A.email, A.taxNumber, secretOf(A.key), secretOf(A.secondKey)])];
  versionsA = await readVersions(ctx.api, A);
  // A's own list pages, for cursor replay (api keys: two of them; the audit trail: many entries).
  for (const path of ['/v1/api-keys?limit=1', '/v1/audit?limit=1']) {
    const page = await request(ctx.api, 'GET', path, { token: A.key });
    expect(page.status).toBe(200);
    expect(page.body.nextCursor).toEqual(expect.any(String));
    cursorsOfA.push({ path: path.split('?')[0]!, cursor: page.body.nextCursor });
  }
  await ctx.auditQueue.drain();
  tableBefore = (await allItems()).sort(byKey);
  snapshotOfA = itemsOf(tableBefore, A.tenantId);
  expect(snapshotOfA.length).toBeGreaterThan(5);
});

describe('tenant B aimed at tenant A', () => {
  it('TEN-3 the route table has tenant routes of both kinds to walk', () => {
    expect(ADDRESSED.length).toBeGreaterThan(0);
    expect(UNADDRESSED.length).toBeGreaterThan(0);
  });

  it.each(ADDRESSED.map((r) => [r.operationId, r] as const))(
    'TEN-3 %s with B’s key and A’s ids answers 404 problem+json',
    async (operationId) => {
      const sample = requestFor(operationId, A, { token: B.key, versions: versionsA });
      expect(Object.values(sample.params).every((id) => Object.values(A.ids).includes(id))).toBe(true);
      const reply = await send(ctx.api, sample);
      expectProblem(reply, 404, '/problems/not-found');
      // The problem's `instance` echoes the path B sent; nothing else of A may appear.
      const { instance: _echo, ...rest } = reply.body as Record<string, unknown>;
      expectNothingOfA({ ...reply, body: rest });
      walked.add(operationId);
    },
  );

  it.each(UNADDRESSED.map((r) => [r.operationId, r] as const))(
    'TEN-3 %s with B’s key succeeds and shows nothing of A',
    async (operationId, route: Route) => {
      const reply = await send(ctx.api, requestFor(operationId, A, { token: B.key, versions: versionsA }));
      expect(reply.status, JSON.stringify(reply.body)).toBe(route.successStatus);
      expectNothingOfA(reply);
      walked.add(operationId);
    },
  );

  it('TEN-3 DAT-6 B’s lookup of A’s subject’s e-mail and tax number finds nothing', async () => {
    for (const body of [{ email: A.email }, { email: A.email.toUpperCase() }, { taxNumber: A.taxNumber }]) {
      const reply = await request(ctx.api, 'POST', '/v1/subjects/lookup', { token: B.key, body });
      expect(reply.status).toBe(200);
      expect(reply.body).toEqual({ items: [] });
    }
  });

  it('TEN-3 B’s lists hold B’s own resources and none of A’s', async () => {
    const subjects = await request(ctx.api, 'GET', '/v1/subjects?limit=100', { token: B.key });
    const keys = await request(ctx.api, 'GET', '/v1/api-keys?limit=100', { token: B.key });
    const own = await request(ctx.api, 'GET', '/v1/tenant', { token: B.key });
    const audit = await request(ctx.api, 'GET', '/v1/audit?limit=100', { token: B.key });
    expect(subjects.body.items.map((s: { id: string }) => s.id)).toContain(B.subjectId);
    expect(keys.body.items.map((k: { id: string }) => k.id)).toEqual(expect.arrayContaining([B.ids.adminKeyId, B.ids.keyId]));
    expect(own.body.id).toBe(B.tenantId);
    expect(audit.body.items.length).toBeGreaterThan(0);
    for (const reply of [subjects, keys, own, audit]) {
      expect(reply.status).toBe(200);
      expectNothingOfA(reply);
    }
  });

  it('TEN-3 DAT-6 the blind index is per tenant: A’s e-mail stored by B finds only B’s subject', async () => {
    const created = await request(ctx.api, 'POST', '/v1/subjects', {
      token: B.key,
      body: {
        category: 'customer',
        attributeSets: [{ name: 'contact', purpose: 'Orders', legalBasis: 'contract', attributes: { email: A.email, taxNumber: A.taxNumber } }],
      },
    });
    expect(created.status).toBe(201);
    for (const body of [{ email: A.email }, { taxNumber: A.taxNumber }]) {
      const found = await request(ctx.api, 'POST', '/v1/subjects/lookup', { token: B.key, body });
      expect(found.body.items.map((s: { id: string }) => s.id)).toEqual([created.body.id]);
    }
  });

  it('TEN-3 a list cursor from A’s pages is refused to B (400 naming the cursor)', async () => {
    for (const { path, cursor } of cursorsOfA) {
      const reply = await request(ctx.api, 'GET', `${path}?cursor=${encodeURIComponent(cursor)}`, { token: B.key });
      expectProblem(reply, 400, '/problems/invalid-request');
      expect(reply.body.invalidParams).toEqual([expect.objectContaining({ in: 'query', name: 'cursor' })]);
      expectNothingOfA(reply);
    }
  });

  it('TEN-4 every operator route refuses a tenant key with 403 problem+json, B’s and A’s own', async () => {
    for (const route of OPERATOR_ROUTES) {
      for (const token of [B.key, A.key, B.secondKey]) {
        const reply = await send(ctx.api, requestFor(route.operationId, A, { token, versions: versionsA }));
        expectProblem(reply, 403, '/problems/forbidden');
      }
    }
  });

  it('TEN-3 after the walk (and the read-audit queue), A’s items are exactly as before', async () => {
    await ctx.auditQueue.drain();
    const after = (await allItems()).sort(byKey);
    expect(itemsOf(after, A.tenantId)).toEqual(snapshotOfA);
    // Whatever did change belongs to B: no write of B's landed outside its key space.
    const before = new Map(tableBefore.map((i) => [`${i.pk}\u0000${i.sk}`, JSON.stringify(i)]));
    const changed = after.filter((i) => before.get(`${i.pk}\u0000${i.sk}`) !== JSON.stringify(i));
    const removed = tableBefore.filter((i) => !after.some((j) => j.pk === i.pk && j.sk === i.sk));
    expect(changed.length).toBeGreaterThan(0);
    for (const item of [...changed, ...removed]) expect(inTenantKeySpace(item.pk, B.tenantId), String(item.pk)).toBe(true);
  });

  it('TEN-3 the walk covered every tenant route of the route table', () => {
    expect([...walked].sort()).toEqual(TENANT_ROUTES.map((r) => r.operationId).sort());
    expect(walked.size).toBe(ADDRESSED.length + UNADDRESSED.length);
  });
});

/** Lifts every active legal hold on the fixture's data, the tenant's own and the operator's. */
async function liftHolds(fixture: Fixture) {
  const sides = [
    { placedBy: 'tenant', list: '/v1/retention/holds?limit=100', lift: (id: string) => `/v1/retention/holds/${id}/lift`, token: fixture.key },
    {
      placedBy: 'operator',
      list: `/v1/operator/tenants/${fixture.tenantId}/legal-holds?limit=100`,
      lift: (id: string) => `/v1/operator/tenants/${fixture.tenantId}/legal-holds/${id}/lift`,
      token: OPERATOR_TOKEN,
    },
  ];
  for (const side of sides) {
    const holds = await request(ctx.api, 'GET', side.list, { token: side.token });
    for (const hold of holds.body.items as { id: string; status: string; placedBy: string }[]) {
      if (hold.status !== 'active' || hold.placedBy !== side.placedBy) continue;
      const lifted = await request(ctx.api, 'POST', side.lift(hold.id), { token: side.token, body: { reason: 'The dispute is settled' } });
      expect(lifted.status, JSON.stringify(lifted.body)).toBe(200);
    }
  }
}

/** Erasure last: the subject must live for the routes before. */
const DESTRUCTIVE_LAST: readonly OperationId[] = ['eraseSubject', 'markSubjectUnder13'];

describe('control: the same sample requests from the owner', () => {
  it('TEN-3 each tenant route’s sample succeeds for the owning tenant, so B’s 404s mean isolation', async () => {
    const C = await seedTenant(ctx.api);
    const ordered = [
      ...TENANT_ROUTES.filter((r) => !DESTRUCTIVE_LAST.includes(r.operationId)),
      ...TENANT_ROUTES.filter((r) => DESTRUCTIVE_LAST.includes(r.operationId)),
    ];
    for (const route of ordered) {
      // Erasure yields to legal holds (RET-3): C's holds are lifted before the destructive steps.
      if (route.operationId === DESTRUCTIVE_LAST[0]) await liftHolds(C);
      const versions = route.operationId === 'updateSubject' || route.operationId === 'updateRecipient' ? await readVersions(ctx.api, C) : {};
      const reply = await send(ctx.api, requestFor(route.operationId, C, { versions }));
      expect(reply.status, `${route.operationId}: ${JSON.stringify(reply.body)}`).toBe(route.successStatus);
    }
    const found = await request(ctx.api, 'POST', '/v1/subjects/lookup', { token: C.key, body: { email: C.email } });
    expect(found.body.items).toEqual([]); // erased by now: the control's last step
  });
});
