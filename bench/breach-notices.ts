import { randomUUID } from 'node:crypto';
import type { Platform } from '../local/platform.ts';
import { runJob } from '../local/scheduler.ts';
import { CURRENT_TERMS_VERSION } from '../shared/config/terms.ts';
import type { BreachNoticeFigures, FanOutFigure } from './breach-notices-report.ts';
import { httpClient } from './http-client.ts';


function figure(messages: number, rate: number, ms: number): FanOutFigure {
  const idealSeconds = messages / rate;
  const seconds = ms / 1000;
  return { messages, rate, seconds: Math.round(seconds * 10) / 10, idealSeconds: Math.round(idealSeconds * 10) / 10, ratio: Math.round((seconds / idealSeconds) * 100) / 100 };
}

async function inboxSize(platform: Platform): Promise<number> {
  const { emails } = (await (await fetch(`${platform.ses.endpoint}/store`)).json()) as { emails: unknown[] };
  return emails.length;
}

/**
 * An Art. 34 campaign to `subjects` subjects at `rate` messages per second: one run of the
 * `breach-communications` job, from its first read to the campaign's completion, against the
 * ideal `subjects ÷ rate`. Subjects are written with BatchWrite, shaped as the subjects store
 * writes them (the record alone: the job reads nothing else).
 */
async function measureCampaign(platform: Platform, operatorToken: string, subjects: number, rate: number) {
  const { putAll } = await import('../shared/store/batch.ts');
  const { keys } = await import('../shared/store/keys.ts');
  const { newId } = await import('../shared/ids.ts');
  const { incidentAffecting } = await import('../test/support/breach-communications.ts');
  const client = httpClient(platform.api.url, 8);
  const call = async (path: string, token: string, body: unknown) => {
    // Every POST with a fresh Idempotency-Key, as a careful client sends them (some routes require one).
    const reply = await client.call('POST', path, { Authorization: `Bearer ${token}`, 'Idempotency-Key': randomUUID() }, body);
    if (reply.status >= 300) throw new Error(`Seeding failed: ${reply.status} ${reply.body}`);
    return JSON.parse(reply.body) as Record<string, string>;
  };
  const tenant = await call('/v1/operator/tenants', operatorToken, {
    name: 'Bench Art. 34 d.o.o.',
    country: 'SI',
    language: 'sl',
    contacts: { administrator: { name: 'Bench Admin', email: 'admin@art34.bench.example' } },
    termsAcceptance: { version: CURRENT_TERMS_VERSION, accepted: true },
  });
  const key = await call(`/v1/operator/tenants/${tenant.id}/api-keys`, operatorToken, { name: 'bench', scopes: ['admin'] });

  const seedStarted = performance.now();
  const at = new Date().toISOString();
  const items = Array.from({ length: subjects }, (_, i) => {
    const id = newId(new Date());
    return {
      ...keys.subject(tenant.id!, id),
      type: 'subject',
      gsi1pk: keys.subjectList(tenant.id!),
      gsi1sk: `employee#${at}#${id}`,
      lookups: [],
      id,
      category: 'employee',
      endUser: true,
      attributeSets: [{ name: 'contact', purpose: 'Payroll', legalBasis: 'contract', attributes: { email: `s${i}@art34.bench.example`, language: i % 2 === 0 ? 'sl' : 'en' } }],
      version: 1,
      createdAt: at,
      updatedAt: at,
    };
  });
  await putAll(items);
  const seedSeconds = Math.round((performance.now() - seedStarted) / 100) / 10;

  const incident = await incidentAffecting([tenant.id!]);
  // Campaigns other parts of the benchmark queued (the route samples') go out first, unmeasured.
  await runJob('breach-communications', new Date());
  await call('/v1/breach-communications', key.secret!, {
    incidentId: incident.id,
    audience: { all: true },
    subject: 'Vaši podatki o plačah so bili razkriti',
    body: 'Datoteka z vašim imenom in plačo je bila poslana napačnemu prejemniku, ki jo je izbrisal. Bodite pozorni na sporočila, ki omenjajo vašo plačo.',
    translations: [{ language: 'en', subject: 'Your payroll data was disclosed', body: 'A file with your name and salary went to a wrong recipient, who deleted it. Be careful with messages that mention your salary.' }],
  });
  client.close();

  const before = await inboxSize(platform);
  process.env.SES_SEND_RATE = String(rate);
  const started = performance.now();
  const summary = await runJob('breach-communications', new Date());
  const ms = performance.now() - started;
  const delivered = (await inboxSize(platform)) - before;
  if (summary.sent !== subjects || delivered !== subjects || summary.completed !== 1) {
    throw new Error(`The campaign did not complete: ${JSON.stringify(summary)}, ${delivered} e-mails`);
  }
  return { ...figure(subjects, rate, ms), subjects, seedSeconds };
}

/**
 * The breach register's notices to `count` affected tenants (BRE-2): each has a data protection
 * and a security contact, so two e-mails per tenant, plus the topic message. Timed from the
 * first tenant read to the last e-mail, against `e-mails ÷ rate`.
 */
async function measureTenantNotices(platform: Platform, operatorToken: string, count: number, rate: number) {
  const { notifyTenants } = await import('../shared/services/incidents/tenant-notices.ts');
  const { incidentAffecting } = await import('../test/support/breach-communications.ts');
  const { incidents } = await import('../shared/store/incidents.ts');
  const { sendRate } = await import('../shared/notices/send-rate.ts');
  const client = httpClient(platform.api.url, 8);
  const ids: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const reply = await client.call('POST', '/v1/operator/tenants', { Authorization: `Bearer ${operatorToken}` }, {
        name: `Bench notices ${i} d.o.o.`,
        country: 'SI',
        language: i % 2 === 0 ? 'sl' : 'en',
        contacts: {
          administrator: { name: 'Admin', email: `admin-${i}@notices.bench.example` },
          dataProtection: { name: 'DPO', email: `dpo-${i}@notices.bench.example` },
          security: { name: 'Security', email: `security-${i}@notices.bench.example` },
        },
        termsAcceptance: { version: CURRENT_TERMS_VERSION, accepted: true },
      });
      if (reply.status !== 201) throw new Error(`Seeding failed: ${reply.status} ${reply.body}`);
      ids.push(JSON.parse(reply.body).id);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  client.close();
  const incident = await incidentAffecting(ids);
  const [phase] = await incidents.phases(incident.id);
  const before = await inboxSize(platform);
  const started = performance.now();
  const totals = await notifyTenants(incident, phase!, { throttle: sendRate(rate) });
  const ms = performance.now() - started;
  const delivered = (await inboxSize(platform)) - before;
  if (totals.emailsSent !== 2 * count || delivered !== 2 * count) throw new Error(`Notices incomplete: ${JSON.stringify(totals)}, ${delivered} e-mails`);
  return { ...figure(2 * count, rate, ms), tenants: count };
}

export async function measureBreachNotices(platform: Platform, operatorToken: string, options = { subjects: 10_000, tenants: 1_000, rate: 200 }): Promise<BreachNoticeFigures> {
  const campaign = await measureCampaign(platform, operatorToken, options.subjects, options.rate);
  const tenants = await measureTenantNotices(platform, operatorToken, options.tenants, options.rate);
  return { campaign, tenants };
}
