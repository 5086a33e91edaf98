import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, inject, it } from 'vitest';
import { writeJson } from '../../local/data-dir.ts';
import type { LocalEndpoints } from '../../local/environment.ts';
import { runJob } from '../../local/scheduler.ts';
import { documentClient } from '../../shared/clients/dynamodb.ts';
import { addDays, addMonths, localDateOf } from '../../shared/domain/billing/calendar.ts';
import type { AttributeSet, Subject } from '../../shared/model/subject.ts';
import { newId } from '../../shared/ids.ts';
import { PURGE_CHUNK_ITEMS } from '../../shared/services/retention/purge.ts';
import { putAll } from '../../shared/store/batch.ts';
import { keys } from '../../shared/store/keys.ts';
import { subjectRepository } from '../../shared/store/subjects.ts';
import { TenantScope } from '../../shared/store/tenant-scope.ts';
import { UnitOfWork } from '../../shared/store/unit-of-work.ts';
import { OPERATOR_TOKEN, allItems, newTenantWithKey, request, useApi } from '../support/api.ts';
import { confirmedConsent } from '../support/consents.ts';
import { newSubject } from '../support/subjects.ts';

const ctx = useApi();
const table = () => process.env.TABLE_NAME!;
type Item = Record<string, unknown>;

/**
 * Times relative to the real today, as the API stamps its writes with the real clock. Each test
 * purges on a day of its own after today (a run is per tenant and day), at the schedule's 02:30
 * in Ljubljana (03:30 in summer time, the same local day).
 */
const today = localDateOf(new Date());
const dayAt = (day: number) => new Date(`${addDays(today, day)}T01:30:00Z`);
const monthsAgo = (months: number) => addMonths(today, -months);
/** Time entries that old are past retention (5 years and the running one) on any day. */
const longAgo = () => Date.parse(`${monthsAgo(8 * 12)}T06:00:00Z`);
/** Time entries seven months old stay on any day. */
const recently = () => Date.parse(`${monthsAgo(7)}T06:00:00Z`);
/** The times `putTimeEntries` gives `count` entries from `start`: a minute apart. */
const minutesFrom = (start: number, count: number) => Array.from({ length: count }, (_, i) => new Date(start + i * 60_000).toISOString());

const ended = (name: string, attributes: Record<string, string> = { note: name }): AttributeSet => ({
  name,
  purpose: `${name} purpose`,
  legalBasis: 'contract',
  basisEndedOn: monthsAgo(8 * 12),
  attributes,
});
const running = (name: string, attributes: Record<string, string> = { note: name }): AttributeSet => ({ name, purpose: `${name} purpose`, legalBasis: 'contract', attributes });
const consentSet = (name: string, consentPurpose?: string): AttributeSet => ({
  name,
  purpose: `${name} mailing`,
  legalBasis: 'consent',
  ...(consentPurpose ? { consentPurpose } : {}),
  attributes: { channel: 'e-mail' },
});

const subjectItems = async (tenantId: string, subjectId: string) =>
  (await allItems()).filter((i) => i.pk === keys.subjectPartition(tenantId, subjectId) || i.pk === keys.timeEntryPartition(tenantId, subjectId));

async function runRecord(tenantId: string, now: Date): Promise<Item | undefined> {
  const { Item } = await documentClient.send(new GetCommand({ TableName: table(), Key: keys.purgeRun(tenantId, localDateOf(now)), ConsistentRead: true }));
  return Item;
}

async function putTimeEntries(tenantId: string, subjectId: string, startUtc: number, count: number): Promise<void> {
  await putAll(
    Array.from({ length: count }, (_, i) => {
      const at = new Date(startUtc + i * 60_000).toISOString();
      const id = newId(new Date(startUtc + i));
      return { pk: keys.timeEntryPartition(tenantId, subjectId), sk: `${at}#${id}`, type: 'time-entry', id, subjectId, at, entryType: 'clock-in' };
    }),
  );
}

/** The consent helper's current item, as the purge reads it (CON-2). */
async function putConsent(tenantId: string, subjectId: string, purpose: string, state: Record<string, string>): Promise<void> {
  await putAll([{ ...{ pk: keys.subjectPartition(tenantId, subjectId), sk: `CONSENT#${purpose}` }, type: 'consent', subjectId, purpose, version: 1, ...state }]);
}

describe('purge job', () => {
  it('RET-1 RET-2 DAT-5 removes sets past retention and their history, erases subjects left with none, deletes old time entries, leaves the rest', async () => {
    const { key, tenantId: t } = await newTenantWithKey(ctx.api, ['admin', 'capture']);
    const email = `old-${newId(new Date())}@acme.example`;
    const partial = await newSubject(ctx.api, key, { attributeSets: [ended('former', { email }), running('current', { taxNumber: `TX${Date.now()}` })] });
    expect((await request(ctx.api, 'PATCH', `/v1/subjects/${partial.id}`, { token: key, headers: { 'If-Match': '"1"' }, body: { endUser: false } })).status).toBe(200);
    const gone = await newSubject(ctx.api, key, { attributeSets: [ended('former', { email: `gone-${email}` })] });
    const kept = await newSubject(ctx.api, key, { attributeSets: [{ ...running('recent'), basisEndedOn: monthsAgo(12) }] });
    await putTimeEntries(t, partial.id, longAgo(), 3);
    await putTimeEntries(t, partial.id, recently(), 2);
    const keptBefore = await subjectItems(t, kept.id);
    const taxNumber = (await request(ctx.api, 'GET', `/v1/subjects/${partial.id}`, { token: key })).body.attributeSets[1].attributes.taxNumber;

    const now = dayAt(1);
    const summary = await runJob('purge', now);
    expect(summary).toMatchObject({ tenantsFailed: 0 });

    // The partial subject: a new version by system:purge without the set, the set gone from history too.
    const read = await request(ctx.api, 'GET', `/v1/subjects/${partial.id}`, { token: key });
    expect(read.body).toMatchObject({ version: 3, attributeSets: [expect.objectContaining({ name: 'current' })] });
    expect(read.body.attributeSets).toHaveLength(1);
    const history = await request(ctx.api, 'GET', `/v1/subjects/${partial.id}/history`, { token: key });
    expect(history.body.items.map((v: { version: number; actor: string }) => v.version)).toEqual([1, 2, 3]);
    expect(history.body.items[2]).toMatchObject({ actor: 'system:purge', changed: ['attributeSets.former'] });
    expect(JSON.stringify(history.body)).not.toContain(email);
    expect(JSON.stringify(await subjectItems(t, partial.id))).not.toContain(email);
    // Its lookup by the removed e-mail is gone; by the kept tax number it is found.
    expect((await request(ctx.api, 'POST', '/v1/subjects/lookup', { token: key, body: { email } })).body.items).toEqual([]);
    expect((await request(ctx.api, 'POST', '/v1/subjects/lookup', { token: key, body: { taxNumber } })).body.items.map((s: Subject) => s.id)).toEqual([partial.id]);
    // Time entries: the eight-year-old ones are past (day + 5 + 1 years), the seven-month-old ones stay.
    const entries = (await subjectItems(t, partial.id)).filter((i) => i.type === 'time-entry');
    expect(entries.map((e) => e.at)).toEqual(minutesFrom(recently(), 2));

    // The subject whose every set was past retention: erased, gone from every index and list.
    const erased = await request(ctx.api, 'GET', `/v1/subjects/${gone.id}`, { token: key });
    expect(erased.status).toBe(410);
    expect((await request(ctx.api, 'POST', '/v1/subjects/lookup', { token: key, body: { email: `gone-${email}` } })).body.items).toEqual([]);
    expect((await request(ctx.api, 'GET', '/v1/subjects?limit=100', { token: key })).body.items.map((s: Subject) => s.id).sort()).toEqual([partial.id, kept.id].sort());
    const remains = await subjectItems(t, gone.id);
    expect(remains).toEqual([expect.objectContaining({ type: 'subject-tombstone', reason: 'retention', gsi1pk: keys.erasedList(t) })]);
    expect(JSON.stringify((await allItems()).filter((i) => String(i.pk).startsWith(`T#${t}`) && !String(i.pk).includes('#AUDIT#')))).not.toContain(`gone-${email}`);

    // Not yet past retention: untouched.
    expect(await subjectItems(t, kept.id)).toEqual(keptBefore);

    const runs = await request(ctx.api, 'GET', '/v1/retention/purge-runs', { token: key });
    expect(runs.body.items).toEqual([
      {
        day: addDays(today, 1),
        startedAt: now.toISOString(),
        finishedAt: now.toISOString(),
        tenantOnHold: false,
        counts: { subjectsErased: 1, setsRemoved: 2, versionsRedacted: 2, timeEntriesDeleted: 3, subjectsOnHold: 0, subjectsRestricted: 0, setsWithoutConsentRecord: 0, subjectsFailed: 0 },
      },
    ]);
    const audit = await request(ctx.api, 'GET', `/v1/audit?entity=subject&limit=100&from=${encodeURIComponent(dayAt(-1).toISOString())}&to=${encodeURIComponent(now.toISOString())}`, { token: key });
    expect(audit.body.items.filter((e: { actor: string }) => e.actor === 'system:purge').map((e: { entityId: string }) => e.entityId).sort()).toEqual([partial.id, gone.id].sort());

    // A rerun the same day changes nothing.
    const snapshot = await allItems();
    expect(await runJob('purge', new Date(now.getTime() + 3_600_000))).toMatchObject({ subjectsErased: 0, setsRemoved: 0, timeEntriesDeleted: 0 });
    expect((await allItems()).filter((i) => !String(i.pk).includes('#AUDIT#'))).toEqual(snapshot.filter((i) => !String(i.pk).includes('#AUDIT#')));
  });

  it('RET-1 a tenant’s shorter period for a category removes earlier; restricted subjects are kept', async () => {
    const { key, tenantId: t } = await newTenantWithKey(ctx.api, ['admin']);
    // Ended 18 months ago: past the tenant's 12 months for customers, within the law's 6 years for employees.
    const recent = { ...running('recent'), basisEndedOn: monthsAgo(18) };
    const customer = await newSubject(ctx.api, key, { category: 'customer', attributeSets: [recent, running('open')] });
    const employee = await newSubject(ctx.api, key, { category: 'employee', attributeSets: [recent, running('open')] });
    const restricted = await newSubject(ctx.api, key, { category: 'customer', attributeSets: [ended('former'), running('open')] });
    expect((await request(ctx.api, 'POST', `/v1/subjects/${restricted.id}/restriction`, { token: key, body: { reason: 'accuracy contested' } })).status).toBe(200);
    expect((await request(ctx.api, 'PATCH', '/v1/retention/policy', { token: key, body: { shorterMonths: { customer: { contract: 12 } } } })).status).toBe(200);

    await runJob('purge', dayAt(2));
    const names = async (id: string) => (await request(ctx.api, 'GET', `/v1/subjects/${id}`, { token: key })).body.attributeSets.map((s: AttributeSet) => s.name);
    expect(await names(customer.id)).toEqual(['open']);
    expect(await names(employee.id)).toEqual(['recent', 'open']);
    expect(await names(restricted.id)).toEqual(['former', 'open']);
    expect((await runRecord(t, dayAt(2)))?.counts).toMatchObject({ setsRemoved: 1, subjectsRestricted: 1 });
  });

  it('CON-3 a withdrawn consent’s set is gone after the next purge; an opt-in never confirmed is gone once it lapsed; the consent record stays as evidence', async () => {
    const { key, tenantId: t } = await newTenantWithKey(ctx.api, ['admin']);
    const reader = await newSubject(ctx.api, key, { category: 'subscriber', attributeSets: [running('account'), consentSet('newsletter')] });
    const unconfirmed = await newSubject(ctx.api, key, { category: 'subscriber', attributeSets: [consentSet('marketing', 'promo')] });
    const noRecord = await newSubject(ctx.api, key, { category: 'subscriber', attributeSets: [running('account'), consentSet('offers')] });
    await putConsent(t, reader.id, 'newsletter', { status: 'confirmed', confirmedAt: dayAt(-30).toISOString() });
    await putConsent(t, unconfirmed.id, 'promo', { status: 'pending', expiresAt: dayAt(4).toISOString() });

    await runJob('purge', dayAt(3));
    const names = async (id: string) => (await request(ctx.api, 'GET', `/v1/subjects/${id}`, { token: key })).body.attributeSets?.map((s: AttributeSet) => s.name);
    expect(await names(reader.id)).toEqual(['account', 'newsletter']);
    expect(await names(unconfirmed.id)).toEqual(['marketing']);
    expect(await names(noRecord.id)).toEqual(['account', 'offers']);
    expect((await runRecord(t, dayAt(3)))?.counts).toMatchObject({ setsRemoved: 0, setsWithoutConsentRecord: 1 });

    await putConsent(t, reader.id, 'newsletter', { status: 'withdrawn', confirmedAt: dayAt(-30).toISOString(), withdrawnAt: new Date(dayAt(3).getTime() + 3_600_000).toISOString() });
    await runJob('purge', dayAt(4));
    expect(await names(reader.id)).toEqual(['account']);
    expect((await subjectItems(t, reader.id)).find((i) => i.type === 'consent')).toMatchObject({ status: 'withdrawn', purpose: 'newsletter' });
    // The unconfirmed one lapsed at 02:30 that day: its only set is gone, and the subject with it.
    expect((await request(ctx.api, 'GET', `/v1/subjects/${unconfirmed.id}`, { token: key })).status).toBe(410);
    expect((await subjectItems(t, unconfirmed.id)).map((i) => i.type)).toEqual(['subject-tombstone']);
    expect((await runRecord(t, dayAt(4)))?.counts).toMatchObject({ setsRemoved: 2, subjectsErased: 1 });
  });

  it('CON-3 DAT-4 after an objection the next purge deletes the data held only on the withdrawn consents; the rest of the restricted subject stays', async () => {
    const { key, tenantId: t } = await newTenantWithKey(ctx.api, ['admin']);
    const email = `objects-${newId(new Date())}@acme.example`;
    const onlyEmail = `only-${email}`;
    const identity = running('identity', { firstName: 'Ana', email });
    const newsletter = consentSet('newsletter');
    const reader = await newSubject(ctx.api, key, { category: 'subscriber', attributeSets: [identity, newsletter] });
    // A subscriber known only through its consent: nothing is left of it once the consent goes.
    const onlyConsent = await newSubject(ctx.api, key, { category: 'subscriber', attributeSets: [{ ...newsletter, attributes: { email: onlyEmail } }] });
    await confirmedConsent(ctx.api, key, reader.id, email, 'newsletter');
    await confirmedConsent(ctx.api, key, onlyConsent.id, onlyEmail, 'newsletter');
    for (const subject of [reader, onlyConsent]) {
      const created = await request(ctx.api, 'POST', '/v1/privacy-requests', { token: key, body: { channel: 'email', type: 'objection', requester: { email: `req-${email}` }, subjectId: subject.id } });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const verified = await request(ctx.api, 'POST', `/v1/privacy-requests/${created.body.id}/verification`, { token: key, body: { method: 'existing-account', result: 'verified' } });
      expect(verified.status, JSON.stringify(verified.body)).toBe(200);
      const done = await request(ctx.api, 'POST', `/v1/privacy-requests/${created.body.id}/fulfilment`, { token: key, body: {} });
      expect(done.body.fulfilment, JSON.stringify(done.body)).toEqual({ purposes: ['newsletter'], changed: ['restriction'] });
    }

    const later = new Date(Date.now() + 2 * 86_400_000);
    await runJob('purge', later);
    const read = await request(ctx.api, 'GET', `/v1/subjects/${reader.id}`, { token: key });
    expect(read.body).toMatchObject({ restricted: true, attributeSets: [expect.objectContaining({ name: 'identity', attributes: identity.attributes })] });
    expect(read.body.attributeSets).toHaveLength(1);
    expect(JSON.stringify(await subjectItems(t, reader.id))).not.toContain('newsletter mailing');
    expect((await subjectItems(t, reader.id)).find((i) => i.type === 'consent')).toMatchObject({ status: 'withdrawn', purpose: 'newsletter' });
    // Left with no set, the restricted subject is erased like any other (decision 136).
    expect((await request(ctx.api, 'GET', `/v1/subjects/${onlyConsent.id}`, { token: key })).status).toBe(410);
    expect((await subjectItems(t, onlyConsent.id)).map((i) => i.type)).toEqual(['subject-tombstone']);
    expect((await runRecord(t, later))?.counts).toMatchObject({ subjectsErased: 1, setsRemoved: 2, subjectsRestricted: 1 });
  });

  it('RET-3 held data is never purged: a held subject, a tenant’s own hold, the operator’s hold; lifted, the next run purges', async () => {
    const { key, tenantId: t } = await newTenantWithKey(ctx.api, ['admin']);
    const held = await newSubject(ctx.api, key, { attributeSets: [ended('former')] });
    const free = await newSubject(ctx.api, key, { attributeSets: [ended('former'), running('open')] });
    await putTimeEntries(t, held.id, longAgo(), 2);
    const hold = await request(ctx.api, 'POST', '/v1/retention/holds', { token: key, body: { subjectId: held.id, reason: 'Dispute' } });
    const operatorHold = await request(ctx.api, 'POST', `/v1/operator/tenants/${t}/legal-holds`, { token: OPERATOR_TOKEN, body: { reason: 'Authority order' } });
    const heldBefore = await subjectItems(t, held.id);
    const freeBefore = await subjectItems(t, free.id);

    await runJob('purge', dayAt(5));
    expect(await runRecord(t, dayAt(5))).toMatchObject({ tenantOnHold: true, finishedAt: dayAt(5).toISOString(), counts: { setsRemoved: 0 } });
    expect(await subjectItems(t, free.id)).toEqual(freeBefore);

    await request(ctx.api, 'POST', `/v1/operator/tenants/${t}/legal-holds/${operatorHold.body.id}/lift`, { token: OPERATOR_TOKEN, body: { reason: 'Order lifted' } });
    await runJob('purge', dayAt(6));
    expect(await subjectItems(t, held.id)).toEqual(heldBefore);
    expect((await request(ctx.api, 'GET', `/v1/subjects/${free.id}`, { token: key })).body.attributeSets.map((s: AttributeSet) => s.name)).toEqual(['open']);
    expect((await runRecord(t, dayAt(6)))?.counts).toMatchObject({ subjectsOnHold: 1, setsRemoved: 1 });

    await request(ctx.api, 'POST', `/v1/retention/holds/${hold.body.id}/lift`, { token: key, body: { reason: 'Settled' } });
    await runJob('purge', dayAt(7));
    expect((await request(ctx.api, 'GET', `/v1/subjects/${held.id}`, { token: key })).status).toBe(410);
    expect((await subjectItems(t, held.id)).map((i) => i.type)).toEqual(['subject-tombstone']);
  });

  it('RET-2 a purge killed mid-run and rerun leaves nothing past retention, touches nothing else, and counts nothing twice', { timeout: 120_000 }, async () => {
    const { tenantId: t } = await newTenantWithKey(ctx.api, ['admin']);
    const scope = TenantScope.named(t);
    const repository = subjectRepository(scope);
    // 300 subjects in list order: erase, partial, untouched, erase, partial, …
    const kinds = ['erase', 'partial', 'untouched'] as const;
    const made: { id: string; kind: (typeof kinds)[number] }[] = [];
    const base = Date.now();
    for (let i = 0; i < 300; i += 10) {
      await Promise.all(
        Array.from({ length: 10 }, async (_, j) => {
          const n = i + j;
          const kind = kinds[n % 3]!;
          const at = new Date(base + n);
          const sets = kind === 'erase' ? [ended('former')] : kind === 'partial' ? [ended('former'), running('open')] : [running('open')];
          const subject: Subject = { id: newId(at), category: 'employee', endUser: false, attributeSets: sets, version: 1, createdAt: at.toISOString(), updatedAt: at.toISOString() };
          const uow = new UnitOfWork();
          repository.create(uow, subject, [], { actor: 'test', changed: ['attributeSets'], now: at });
          await uow.commit();
          made[n] = { id: subject.id, kind };
        }),
      );
    }
    // One untouched subject in the middle with many old time entries: chunks to cut.
    const heavy = made.find((m, n) => m.kind === 'untouched' && n > 150)!;
    const oldEntries = 4 * PURGE_CHUNK_ITEMS + 7;
    await putTimeEntries(t, heavy.id, longAgo(), oldEntries);
    await putTimeEntries(t, heavy.id, recently(), 5);
    const untouchedBefore = new Map<string, Item[]>();
    for (const m of made.filter((m) => m.kind === 'untouched' && m.id !== heavy.id)) untouchedBefore.set(m.id, await subjectItems(t, m.id));

    const now = dayAt(8);
    const dataDir = mkdtempSync(join(tmpdir(), 'skrbnik-purge-'));
    const endpoints: LocalEndpoints = {
      dynamoEndpoint: inject('dynamoEndpoint'),
      sesEndpoint: inject('sesEndpoint'),
      apiUrl: ctx.api.url,
      tableName: table(),
      secrets: { blindIndexKey: process.env.BLIND_INDEX_KEY!, linkSigningKey: process.env.LINK_SIGNING_KEY! },
    } as LocalEndpoints;
    writeJson(dataDir, 'platform.json', endpoints);
    const job = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('../../local/job.ts', import.meta.url)), 'purge', '--now', now.toISOString()], {
      env: { ...process.env, SKRBNIK_DATA_DIR: dataDir },
      stdio: 'ignore',
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => job.once('exit', (_code, signal) => resolve(signal)));
    for (let ended = false; !ended; ) {
      const counts = (await runRecord(t, now))?.counts as Record<string, number> | undefined;
      // Killed once a good part of the subjects is done, with most still to go.
      if ((counts?.subjectsErased ?? 0) >= 20) break;
      ended = await Promise.race([exited.then(() => true), new Promise<false>((r) => setTimeout(() => r(false), 5))]);
    }
    job.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const killed = (await runRecord(t, now))!;
    expect(killed.finishedAt).toBeUndefined();
    const countedAtKill = killed.counts as Record<string, number>;
    expect(countedAtKill.subjectsErased).toBeLessThan(100);

    const rerun = await runJob('purge', now);
    expect(rerun).toMatchObject({ tenantsFailed: 0 });
    const record = (await runRecord(t, now))!;
    expect(record.finishedAt).toBe(now.toISOString());
    expect(record.pending).toBeUndefined();

    // Nothing past retention is left.
    for (const m of made.filter((m) => m.kind === 'erase')) {
      expect((await repository.get(m.id))?.kind, m.id).toBe('tombstone');
      expect((await subjectItems(t, m.id)).map((i) => i.type)).toEqual(['subject-tombstone']);
    }
    for (const m of made.filter((m) => m.kind === 'partial')) {
      const items = await subjectItems(t, m.id);
      expect(JSON.stringify(items), m.id).not.toContain('former purpose');
      expect(items.find((i) => i.sk === 'SUBJECT')).toMatchObject({ version: 2, attributeSets: [expect.objectContaining({ name: 'open' })] });
    }
    const heavyEntries = (await subjectItems(t, heavy.id)).filter((i) => i.type === 'time-entry');
    expect(heavyEntries.map((e) => e.at)).toEqual(minutesFrom(recently(), 5));
    // Nothing else is touched.
    for (const [id, before] of untouchedBefore) expect(await subjectItems(t, id)).toEqual(before);

    // Exactly once: changes are counted with their own transaction; time entries at most one chunk short.
    const counts = record.counts as Record<string, number>;
    expect(counts).toMatchObject({ subjectsErased: 100, setsRemoved: 200, versionsRedacted: 100, subjectsOnHold: 0 });
    expect(counts.subjectsErased).toBe(countedAtKill.subjectsErased! + rerun.subjectsErased!);
    // Time entries: each chunk is claimed and counted before it is deleted, so exactly too.
    expect(counts.timeEntriesDeleted).toBe(oldEntries);
  });

  it('RET-2 two purges at once on the same tenant count every deleted time entry exactly once', { timeout: 60_000 }, async () => {
    const { key, tenantId: t } = await newTenantWithKey(ctx.api, ['admin']);
    const subjects = [];
    for (let i = 0; i < 3; i++) subjects.push(await newSubject(ctx.api, key, { attributeSets: [running('open')] }));
    const perSubject = 2 * PURGE_CHUNK_ITEMS + 13;
    for (const s of subjects) {
      await putTimeEntries(t, s.id, longAgo(), perSubject);
      await putTimeEntries(t, s.id, recently(), 2);
    }
    const now = dayAt(9);
    const [a, b] = await Promise.all([runJob('purge', now), runJob('purge', now)]);
    const remaining = (await Promise.all(subjects.map(async (s) => (await subjectItems(t, s.id)).filter((i) => i.type === 'time-entry')))).flat();
    expect(remaining.map((e) => e.at)).toEqual(subjects.flatMap(() => minutesFrom(recently(), 2)));
    const deleted = subjects.length * perSubject;
    expect((await runRecord(t, now))?.counts).toMatchObject({ timeEntriesDeleted: deleted });
    expect(a.timeEntriesDeleted! + b.timeEntriesDeleted!).toBeGreaterThanOrEqual(deleted);
  });
});

describe('holds placed while the purge runs', () => {
  const pause = () => new Promise((r) => setTimeout(r, 5));
  /** Waits until the run has claimed (and counted) a first chunk of time entries. */
  async function firstChunkClaimed(tenantId: string, now: Date): Promise<void> {
    while ((((await runRecord(tenantId, now))?.counts as Record<string, number> | undefined)?.timeEntriesDeleted ?? 0) === 0) await pause();
  }
  const entriesOf = async (tenantId: string, subjectId: string) => (await subjectItems(tenantId, subjectId)).filter((i) => i.type === 'time-entry');

  it('RET-3 RET-2 a hold on a subject placed between two chunks of its time entries stops the next chunk: nothing held is deleted, and the run counts the subject as held', { timeout: 90_000 }, async () => {
    const { key, tenantId: t } = await newTenantWithKey(ctx.api, ['admin']);
    const subject = await newSubject(ctx.api, key, { attributeSets: [running('open')] });
    const old = 16 * PURGE_CHUNK_ITEMS;
    await putTimeEntries(t, subject.id, longAgo(), old);
    const now = dayAt(13);

    const purging = runJob('purge', now);
    await firstChunkClaimed(t, now);
    const hold = await request(ctx.api, 'POST', '/v1/retention/holds', { token: key, body: { subjectId: subject.id, reason: 'Dispute' } });
    expect(hold.status).toBe(201);
    // What the run claimed before the hold committed: no claim can commit after it.
    const claimedBeforeHold = ((await runRecord(t, now))!.counts as Record<string, number>).timeEntriesDeleted!;
    // (The job walks every tenant of this file's table; this one's counts are on its run record.)
    expect(await purging).toMatchObject({ tenantsFailed: 0, subjectsFailed: 0 });

    const record = (await runRecord(t, now))!;
    expect(record.finishedAt).toBe(now.toISOString());
    expect(record.counts).toMatchObject({ timeEntriesDeleted: claimedBeforeHold, subjectsOnHold: 1 });
    expect(claimedBeforeHold).toBeLessThan(old);
    // Every claimed entry went, and not one more: the rest, held, is all there.
    const left = await entriesOf(t, subject.id);
    expect(left).toHaveLength(old - claimedBeforeHold);
    expect(left.map((e) => e.at)).toEqual(minutesFrom(longAgo(), old).slice(claimedBeforeHold));
  });

  it('RET-3 RET-2 a hold on all the tenant’s data placed mid-run ends the tenant’s run: the run is marked tenantOnHold and the subjects after it keep their data', { timeout: 90_000 }, async () => {
    const { key, tenantId: t } = await newTenantWithKey(ctx.api, ['admin']);
    const first = await newSubject(ctx.api, key, { attributeSets: [running('open')] });
    const later = await newSubject(ctx.api, key, { attributeSets: [ended('former'), running('open')] });
    const old = 16 * PURGE_CHUNK_ITEMS;
    await putTimeEntries(t, first.id, longAgo(), old);
    const laterBefore = await subjectItems(t, later.id);
    const now = dayAt(14);

    const purging = runJob('purge', now);
    await firstChunkClaimed(t, now);
    const hold = await request(ctx.api, 'POST', '/v1/retention/holds', { token: key, body: { reason: 'Audit by the authority' } });
    expect(hold.status).toBe(201);
    const claimedBeforeHold = ((await runRecord(t, now))!.counts as Record<string, number>).timeEntriesDeleted!;
    const summary = await purging;
    expect(summary).toMatchObject({ tenantsFailed: 0, subjectsFailed: 0 });
    expect(summary.tenantsOnHold).toBeGreaterThanOrEqual(1);

    expect(await runRecord(t, now)).toMatchObject({ tenantOnHold: true, finishedAt: now.toISOString(), counts: { timeEntriesDeleted: claimedBeforeHold, subjectsOnHold: 1, setsRemoved: 0 } });
    expect(await entriesOf(t, first.id)).toHaveLength(old - claimedBeforeHold);
    expect(await subjectItems(t, later.id)).toEqual(laterBefore);
  });
});

describe('subjects the purge meets with trouble', () => {
  /** Gives a subject the 150 index entries a subject could have before lookups were capped: more than one erasure transaction holds. */
  async function withLegacyLookups(t: string, subjectId: string): Promise<void> {
    const lookups = Array.from({ length: 150 }, (_, i) => ({ kind: 'email' as const, hmac: `${String(i).padStart(3, '0')}${'a'.repeat(61)}` }));
    await putAll(lookups.map((l) => ({ ...keys.lookup(t, l.kind, l.hmac, subjectId), type: 'lookup', subjectId })));
    await documentClient.send(
      new UpdateCommand({ TableName: table(), Key: keys.subject(t, subjectId), UpdateExpression: 'SET lookups = :lookups', ExpressionAttributeValues: { ':lookups': lookups } }),
    );
  }
  const lookupItems = async (t: string) => (await allItems()).filter((i) => String(i.pk).startsWith(`T#${t}#LOOKUP#`));

  it('DSR-6 RET-2 a subject with more lookups than one transaction holds is erased all the same, by the purge and by the API', async () => {
    const { key, tenantId: t } = await newTenantWithKey(ctx.api, ['admin']);
    const byPurge = await newSubject(ctx.api, key, { attributeSets: [ended('former')] });
    const byApi = await newSubject(ctx.api, key, { attributeSets: [running('current')] });
    await withLegacyLookups(t, byPurge.id);
    await withLegacyLookups(t, byApi.id);
    expect(await lookupItems(t)).toHaveLength(300);

    const now = dayAt(10);
    expect(await runJob('purge', now)).toMatchObject({ subjectsErased: 1, subjectsFailed: 0 });
    expect((await request(ctx.api, 'GET', `/v1/subjects/${byPurge.id}`, { token: key })).status).toBe(410);
    const erased = await request(ctx.api, 'DELETE', `/v1/subjects/${byApi.id}`, { token: key });
    expect(erased.status, JSON.stringify(erased.body)).toBe(200);
    expect(await lookupItems(t)).toEqual([]);
  });

  it('RET-2 one that cannot be purged is passed over, counted and logged; the subjects after it are purged, the run finishes, and the job fails so it is seen', async () => {
    const { key, tenantId: t } = await newTenantWithKey(ctx.api, ['admin']);
    const broken = await newSubject(ctx.api, key, { attributeSets: [ended('former')] });
    // A record no rule can read (its sets are not a list): the purge cannot decide on it.
    await documentClient.send(
      new UpdateCommand({ TableName: table(), Key: keys.subject(t, broken.id), UpdateExpression: 'SET attributeSets = :broken', ExpressionAttributeValues: { ':broken': 'not a list' } }),
    );
    const after = await newSubject(ctx.api, key, { attributeSets: [ended('former')] });

    const now = dayAt(11);
    await expect(runJob('purge', now)).rejects.toThrow(/1 subject\(s\)/);
    expect((await request(ctx.api, 'GET', `/v1/subjects/${after.id}`, { token: key })).status).toBe(410);
    expect(await runRecord(t, now)).toMatchObject({ finishedAt: now.toISOString(), counts: expect.objectContaining({ subjectsErased: 1, subjectsFailed: 1 }) });
    // The next day's run tries it again.
    await expect(runJob('purge', dayAt(12))).rejects.toThrow(/1 subject\(s\)/);
  });
});
