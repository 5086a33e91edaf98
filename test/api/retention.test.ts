import { beforeAll, describe, expect, it } from 'vitest';
import { OPERATOR_TOKEN, allItems, newTenantWithKey, request } from '../support/api.ts';
import { useApi } from '../support/api.ts';
import { newSubject, subjectInput } from '../support/subjects.ts';

const ctx = useApi();
let key: string;
let tenantId: string;

beforeAll(async () => {
  ({ key, tenantId } = await newTenantWithKey(ctx.api, ['admin', 'capture']));
});

function expectField(reply: { status: number; body: any }, name: string) {
  expect(reply.status, JSON.stringify(reply.body)).toBe(400);
  expect(reply.body.invalidParams).toEqual([expect.objectContaining({ name })]);
}

describe('retention policy over HTTP', () => {
  it('RET-1 starts from the law’s periods (version 0) and takes shorter ones per category', async () => {
    const first = await request(ctx.api, 'GET', '/v1/retention/policy', { token: key });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ shorterMonths: {}, timeEntryYears: 5, lawMonths: { contract: 72, 'legal-obligation': 12, 'legitimate-interest': 12 }, version: 0 });
    expect(first.headers.get('etag')).toBe('"0"');

    const set = await request(ctx.api, 'PATCH', '/v1/retention/policy', {
      token: key,
      headers: { 'If-Match': '"0"' },
      body: { shorterMonths: { employee: { contract: 36, 'legitimate-interest': 6 } }, timeEntryYears: 7 },
    });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.body).toMatchObject({ shorterMonths: { employee: { contract: 36, 'legitimate-interest': 6 } }, timeEntryYears: 7, version: 1 });

    const stale = await request(ctx.api, 'PATCH', '/v1/retention/policy', { token: key, headers: { 'If-Match': '"0"' }, body: { timeEntryYears: 3 } });
    expect(stale.status).toBe(412);

    // Only the fields given change.
    const years = await request(ctx.api, 'PATCH', '/v1/retention/policy', { token: key, body: { timeEntryYears: 6 } });
    expect(years.body).toMatchObject({ shorterMonths: { employee: { contract: 36 } }, timeEntryYears: 6, version: 2 });
    const audit = await request(ctx.api, 'GET', '/v1/audit?entity=retention-policy', { token: key });
    expect(audit.body.items.map((e: { fields: string[] }) => e.fields)).toEqual(expect.arrayContaining([['shorterMonths', 'timeEntryYears'], ['timeEntryYears']]));
  });

  it.each<[string, unknown, string]>([
    ['a period longer than the law’s', { shorterMonths: { customer: { contract: 84 } } }, 'shorterMonths.customer.contract'],
    ['more than a year after a legal period', { shorterMonths: { cashier: { 'legal-obligation': 13 } } }, 'shorterMonths.cashier.legal-obligation'],
    ['a period for consent', { shorterMonths: { subscriber: { consent: 6 } } }, 'shorterMonths.subscriber.consent'],
    ['time entries kept 0 years', { timeEntryYears: 0 }, 'timeEntryYears'],
    ['an unknown category', { shorterMonths: { visitor: { contract: 1 } } }, 'shorterMonths'],
  ])('RET-1 refuses %s, naming the field, and changes nothing', async (_name, body, field) => {
    const before = await request(ctx.api, 'GET', '/v1/retention/policy', { token: key });
    expectField(await request(ctx.api, 'PATCH', '/v1/retention/policy', { token: key, body }), field);
    expect((await request(ctx.api, 'GET', '/v1/retention/policy', { token: key })).body).toEqual(before.body);
  });
});

describe('retention fields of attribute sets over HTTP', () => {
  it.each<[string, Record<string, unknown>, string]>([
    ['a legal period on a contract set', { legalBasis: 'contract', legalPeriodYears: 10 }, 'attributeSets.0.legalPeriodYears'],
    ['an end date on a consent set', { legalBasis: 'consent', basisEndedOn: '2026-01-01' }, 'attributeSets.0.basisEndedOn'],
    ['a consent purpose on a contract set', { legalBasis: 'contract', consentPurpose: 'newsletter' }, 'attributeSets.0.consentPurpose'],
    ['a legal period of 51 years', { legalBasis: 'legal-obligation', legalPeriodYears: 51 }, 'attributeSets.0.legalPeriodYears'],
    ['an end date that is no date', { legalBasis: 'contract', basisEndedOn: '2026-02-30x' }, 'attributeSets.0.basisEndedOn'],
  ])('RET-1 CON-3 refuses %s, naming the field', async (_name, fields, field) => {
    const body = subjectInput({ attributeSets: [{ name: 'data', purpose: 'a purpose', attributes: { note: 'x' }, ...fields }] });
    expectField(await request(ctx.api, 'POST', '/v1/subjects', { token: key, body }), field);
  });

  it('RET-1 keeps the retention fields of a set', async () => {
    const set = { name: 'payroll', purpose: 'payroll records', legalBasis: 'legal-obligation', basisEndedOn: '2026-01-31', legalPeriodYears: 10, attributes: { iban: 'SI56' } };
    const subject = await newSubject(ctx.api, key, { attributeSets: [set] });
    const read = await request(ctx.api, 'GET', `/v1/subjects/${subject.id}`, { token: key });
    expect(read.body.attributeSets).toEqual([set]);
  });
});

describe('legal holds over HTTP', () => {
  it('RET-3 SEC-6 a retried placement replays the hold by its ids and state; its reason stays out of the idempotency record', async () => {
    const { key } = await newTenantWithKey(ctx.api);
    const subject = await newSubject(ctx.api, key);
    const send = () => request(ctx.api, 'POST', '/v1/retention/holds', { token: key, headers: { 'Idempotency-Key': 'hold-once' }, body: { subjectId: subject.id, reason: 'Dispute brought by Mojca Kranjc' } });
    const first = await send();
    expect(first.status).toBe(201);
    const replay = await send();
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body).toEqual({ id: first.body.id, scope: 'subject', subjectId: subject.id, placedBy: 'tenant', placedAt: first.body.placedAt, status: 'active' });
    const records = (await allItems()).filter((i) => i.type === 'idempotency');
    expect(records.length).toBeGreaterThan(0);
    expect(JSON.stringify(records)).not.toContain('Kranjc');
  });

  it('RET-3 a tenant holds one subject with a reason, once; lists and lifts it with a reason; all audited', async () => {
    const subject = await newSubject(ctx.api, key, { attributeSets: [{ name: 'identity', purpose: 'employment', legalBasis: 'contract', attributes: { firstName: 'Ana' } }] });
    const placed = await request(ctx.api, 'POST', '/v1/retention/holds', { token: key, body: { subjectId: subject.id, reason: 'Employment dispute, case 12/2026' } });
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    expect(placed.body).toMatchObject({ scope: 'subject', subjectId: subject.id, placedBy: 'tenant', status: 'active', reason: 'Employment dispute, case 12/2026' });

    const again = await request(ctx.api, 'POST', '/v1/retention/holds', { token: key, body: { subjectId: subject.id, reason: 'twice' } });
    expect(again.status).toBe(409);

    const listed = await request(ctx.api, 'GET', '/v1/retention/holds', { token: key });
    expect(listed.body.items.map((h: { id: string }) => h.id)).toContain(placed.body.id);

    const noReason = await request(ctx.api, 'POST', `/v1/retention/holds/${placed.body.id}/lift`, { token: key, body: {} });
    expectField(noReason, 'reason');
    const lifted = await request(ctx.api, 'POST', `/v1/retention/holds/${placed.body.id}/lift`, { token: key, body: { reason: 'Settled' } });
    expect(lifted.status).toBe(200);
    expect(lifted.body).toMatchObject({ status: 'lifted', lifted: { reason: 'Settled' } });
    expect((await request(ctx.api, 'POST', `/v1/retention/holds/${placed.body.id}/lift`, { token: key, body: { reason: 'again' } })).status).toBe(409);

    // Lifted, the subject may be held again.
    expect((await request(ctx.api, 'POST', '/v1/retention/holds', { token: key, body: { subjectId: subject.id, reason: 'New dispute' } })).status).toBe(201);

    const audit = await request(ctx.api, 'GET', '/v1/audit?entity=legal-hold', { token: key });
    expect(audit.body.items.filter((e: { entityId: string }) => e.entityId === placed.body.id).map((e: { action: string }) => e.action).sort()).toEqual(['create', 'update']);
  });

  it('RET-3 refuses a hold without a reason or on an unknown subject', async () => {
    expectField(await request(ctx.api, 'POST', '/v1/retention/holds', { token: key, body: { reason: '' } }), 'reason');
    expect((await request(ctx.api, 'POST', '/v1/retention/holds', { token: key, body: { subjectId: '01aaaaaaaaaaaaaaaaaaaaaaaa', reason: 'x' } })).status).toBe(404);
  });

  it('RET-3 the operator holds a tenant’s data; the tenant sees the hold but cannot lift it', async () => {
    const placed = await request(ctx.api, 'POST', `/v1/operator/tenants/${tenantId}/legal-holds`, { token: OPERATOR_TOKEN, body: { reason: 'Preservation order' } });
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    expect(placed.body).toMatchObject({ scope: 'tenant', placedBy: 'operator', status: 'active' });
    const seen = await request(ctx.api, 'GET', '/v1/retention/holds?limit=100', { token: key });
    expect(seen.body.items.map((h: { id: string }) => h.id)).toContain(placed.body.id);
    expect((await request(ctx.api, 'POST', `/v1/retention/holds/${placed.body.id}/lift`, { token: key, body: { reason: 'no' } })).status).toBe(404);
    const operatorList = await request(ctx.api, 'GET', `/v1/operator/tenants/${tenantId}/legal-holds`, { token: OPERATOR_TOKEN });
    expect(operatorList.body.items.map((h: { id: string; placedBy: string }) => [h.id, h.placedBy])).toEqual([[placed.body.id, 'operator']]);
    const lifted = await request(ctx.api, 'POST', `/v1/operator/tenants/${tenantId}/legal-holds/${placed.body.id}/lift`, { token: OPERATOR_TOKEN, body: { reason: 'Order lifted' } });
    expect(lifted.status).toBe(200);
    expect(lifted.body.status).toBe('lifted');
  });

  it('RET-2 purge runs start empty', async () => {
    const fresh = await newTenantWithKey(ctx.api, ['admin']);
    expect((await request(ctx.api, 'GET', '/v1/retention/purge-runs', { token: fresh.key })).body).toEqual({ items: [] });
  });
});
