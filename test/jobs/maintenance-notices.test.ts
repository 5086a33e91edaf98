import { beforeAll, describe, expect, it } from 'vitest';
import { runJob } from '../../local/scheduler.ts';
import { LocalTopic } from '../../local/sns.ts';
import { useTopicPublisher } from '../../shared/clients/sns.ts';
import { completeMaintenance, scheduleMaintenance } from '../../shared/services/maintenance/maintenance.ts';
import { dispatchNotices } from '../../shared/services/maintenance/notices.ts';
import { maintenanceStore } from '../../shared/store/maintenance.ts';
import { UnitOfWork } from '../../shared/store/unit-of-work.ts';
import { OPERATOR_TOKEN, request, useApi } from '../support/api.ts';
import { inboxOf } from '../support/inbox.ts';
import { HOUR, published, scheduleBody, tenantIn } from '../support/maintenance.ts';

const ctx = useApi();
const topic = new LocalTopic();
beforeAll(() => useTopicPublisher(topic));
const MINUTE = 60_000;
const operator = { kind: 'operator', principal: 'test', actor: 'operator:test' } as const;

async function scheduled(hoursAhead: number, languages: ('sl' | 'en')[]) {
  const tenants = await Promise.all(languages.map((l) => tenantIn(ctx.api, l)));
  const reply = await request(ctx.api, 'POST', '/v1/operator/maintenance', {
    token: OPERATOR_TOKEN,
    body: scheduleBody(hoursAhead, tenants.map((t) => t.tenantId)),
  });
  expect(reply.status).toBe(201);
  return { id: reply.body.id as string, startsAt: new Date(reply.body.startsAt), tenants };
}

/** Runs the job twice at `at`: the second run must send nothing. */
async function runTwice(at: Date) {
  const first = await runJob('maintenance-notices', at);
  const second = await runJob('maintenance-notices', at);
  expect(second.emails).toBe(0);
  expect(second.noticesSent).toBe(0);
  return first;
}

describe('maintenance-notices job', () => {
  it('MNT-2 SEC-5 sends reminder, start, overrun and completion once each across reruns, by e-mail and to the topic', async () => {
    const { id, startsAt, tenants } = await scheduled(49, ['sl', 'en']);
    const [sl, en] = tenants as [Awaited<ReturnType<typeof tenantIn>>, Awaited<ReturnType<typeof tenantIn>>];

    // Nothing is due between the announcement and the reminder.
    expect((await runTwice(new Date(startsAt.getTime() - 2 * HOUR))).emails).toBe(0);
    expect((await runTwice(new Date(startsAt.getTime() - HOUR + MINUTE))).emails).toBe(2);
    const started = await runTwice(new Date(startsAt.getTime() + MINUTE));
    expect(started).toMatchObject({ started: 1, emails: 2, noticesSent: 1 });
    expect((await runTwice(new Date(startsAt.getTime() + 2 * HOUR + MINUTE))).emails).toBe(2);

    const completedAt = new Date(startsAt.getTime() + 2 * HOUR + 20 * MINUTE);
    const uow = new UnitOfWork();
    await completeMaintenance(uow, id, operator, completedAt);
    await uow.commit();
    expect((await runTwice(new Date(completedAt.getTime() + MINUTE))).emails).toBe(2);

    expect((await inboxOf(en.email)).map((m) => m.subject.split(' — ')[1])).toEqual([
      'Announced',
      'Reminder: starts in one hour',
      'Started',
      'Taking longer than announced',
      'Completed',
    ]);
    expect((await inboxOf(sl.email)).map((m) => m.subject.split(' — ')[1])).toEqual([
      'Napoved',
      'Opomnik: začetek čez eno uro',
      'Začelo se je',
      'Traja dlje od napovedanega',
      'Končano',
    ]);
    expect((await inboxOf(en.email)).at(-1)!.body.text).toContain('after the announced window');
    for (const kind of ['announcement', 'reminder', 'start', 'overrun', 'completion']) {
      expect(published(topic, id, kind), kind).toHaveLength(1);
    }
    const body = JSON.parse(published(topic, id, 'overrun')[0]!.body);
    expect(body).toMatchObject({ kind: 'maintenance', notice: 'overrun', maintenanceId: id, overrun: true });
    // Nothing is left to send: the maintenance leaves the job's list.
    expect(await maintenanceStore.openIds()).not.toContain(id);
    const read = await request(ctx.api, 'GET', `/v1/operator/maintenance/${id}`, { token: OPERATOR_TOKEN });
    expect(read.body).toMatchObject({ status: 'completed', overrun: true, countsAsPlanned: true });
    expect(read.body.notices.map((n: { kind: string; status: string }) => `${n.kind}:${n.status}`)).toEqual([
      'announcement:sent',
      'reminder:sent',
      'start:sent',
      'overrun:sent',
      'completion:sent',
    ]);
  });

  it('MNT-2 catching up after missed runs sends only the latest due notice and supersedes the rest', async () => {
    const { id, startsAt, tenants } = await scheduled(49, ['en']);
    // The runs of the reminder hour and of the start were missed; the next one is after the window.
    const summary = await runTwice(new Date(startsAt.getTime() + 3 * HOUR));
    expect(summary).toMatchObject({ emails: 1, noticesSent: 1, superseded: 2 });
    expect((await inboxOf(tenants[0]!.email)).map((m) => m.subject.split(' — ')[1])).toEqual(['Announced', 'Taking longer than announced']);
    expect(published(topic, id, 'reminder')).toHaveLength(0);
    expect(published(topic, id, 'start')).toHaveLength(0);
    const read = await request(ctx.api, 'GET', `/v1/operator/maintenance/${id}`, { token: OPERATOR_TOKEN });
    expect(read.body.notices.map((n: { kind: string; status: string }) => `${n.kind}:${n.status}`)).toEqual([
      'announcement:sent',
      'reminder:superseded',
      'start:superseded',
      'overrun:sent',
    ]);
  });

  it('MNT-2 SEC-5 an announcement cut short by the time budget is finished by the job, each tenant once', async () => {
    const tenants = await Promise.all((['sl', 'en', 'en'] as const).map((l) => tenantIn(ctx.api, l)));
    const now = new Date();
    const uow = new UnitOfWork();
    const body = scheduleBody(49, tenants.map((t) => t.tenantId)) as Parameters<typeof scheduleMaintenance>[1];
    const m = await scheduleMaintenance(uow, body, operator, now);
    await uow.commit();
    // A route's few seconds run out after two tenants.
    let calls = 0;
    const cut = await dispatchNotices(m.id, now, undefined, { remainingMs: () => (++calls <= 2 ? 1000 : 0) });
    expect(cut).toMatchObject({ emails: 2, noticesSent: 0, pending: 1 });
    expect(published(topic, m.id, 'announcement')).toHaveLength(1);

    const rest = await runTwice(new Date(now.getTime() + 5 * MINUTE));
    expect(rest).toMatchObject({ emails: 1, alreadySent: 2, noticesSent: 1 });
    for (const t of tenants) expect(await inboxOf(t.email), t.email).toHaveLength(1);
    expect(published(topic, m.id, 'announcement')).toHaveLength(1);
    const read = await request(ctx.api, 'GET', `/v1/operator/maintenance/${m.id}`, { token: OPERATOR_TOKEN });
    expect(read.body).toMatchObject({ countsAsPlanned: true, notices: [{ kind: 'announcement', status: 'sent', tenants: 3 }] });
  });
});
