import { beforeAll, describe, expect, it } from 'vitest';
import { LocalTopic } from '../../local/sns.ts';
import { useTopicPublisher } from '../../shared/clients/sns.ts';
import { newId } from '../../shared/ids.ts';
import { listEntries, publishEntry } from '../../shared/store/status-feed.ts';
import { OPERATOR_TOKEN, request, useApi } from '../support/api.ts';
import { scheduleBody, tenantIn } from '../support/maintenance.ts';

const ctx = useApi();
const ids = { upcoming: '', current: '', past: '', notice: '' };
let adminEmail = '';
let tenantId = '';

beforeAll(async () => {
  useTopicPublisher(new LocalTopic());
  const tenant = await tenantIn(ctx.api, 'en');
  adminEmail = tenant.email;
  tenantId = tenant.tenantId;
  const schedule = async (body: unknown) => {
    const reply = await request(ctx.api, 'POST', '/v1/operator/maintenance', { token: OPERATOR_TOKEN, body });
    expect(reply.status).toBe(201);
    return reply.body.id as string;
  };
  ids.upcoming = await schedule(scheduleBody(49, [tenantId]));
  ids.current = await schedule(scheduleBody(0.5, [tenantId], { emergency: true, components: ['exports'] }));
  await request(ctx.api, 'POST', `/v1/operator/maintenance/${ids.current}/start`, { token: OPERATOR_TOKEN });
  ids.past = await schedule(scheduleBody(0.5, [tenantId], { emergency: true, components: ['billing'] }));
  await request(ctx.api, 'POST', `/v1/operator/maintenance/${ids.past}/start`, { token: OPERATOR_TOKEN });
  await request(ctx.api, 'POST', `/v1/operator/maintenance/${ids.past}/completion`, { token: OPERATOR_TOKEN });
  // As the breach register publishes a public notice (BRE-3).
  ids.notice = newId(new Date());
  const entry = {
    id: ids.notice,
    kind: 'incident-notice' as const,
    title: { sl: 'Obvestilo o kršitvi varnosti', en: 'Security breach notice' },
    body: { sl: 'Izvozna datoteka je bila poslana napačnemu prejemniku.', en: 'An export file was sent to the wrong recipient.' },
    publishedAt: new Date().toISOString(),
    status: 'resolved',
  };
  expect(await publishEntry('direct', entry)).toBe('published');
  expect(await publishEntry('direct', entry)).toBe('already-published');
});

describe('public status page', () => {
  it('MNT-2 BRE-3 the JSON feed lists current, upcoming and past maintenance and the incident notice, without credentials', async () => {
    const reply = await request(ctx.api, 'GET', '/v1/status.json?lang=en');
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toBe('application/feed+json; charset=utf-8');
    expect(reply.body.version).toBe('https://jsonfeed.org/version/1.1');
    const sections = Object.fromEntries(reply.body.items.map((i: { id: string; _skrbnik: { section: string } }) => [i.id, i._skrbnik.section]));
    expect(sections).toEqual({ [ids.current]: 'current', [ids.upcoming]: 'upcoming', [ids.past]: 'past', [ids.notice]: 'notice' });
    const upcoming = reply.body.items.find((i: { id: string }) => i.id === ids.upcoming);
    expect(upcoming).toMatchObject({ title: 'Planned maintenance: API, data capture', _skrbnik: { status: 'scheduled', emergency: false } });
    const notice = reply.body.items.find((i: { id: string }) => i.id === ids.notice);
    expect(notice).toMatchObject({ title: 'Security breach notice', _skrbnik: { kind: 'incident-notice', status: 'resolved' } });
  });

  it('MNT-2 the HTML page is in Slovenian or English by ?lang, else by Accept-Language, else English', async () => {
    const sl = await request(ctx.api, 'GET', '/v1/status?lang=sl');
    expect(sl.status).toBe(200);
    expect(sl.body).toContain('<html lang="sl">');
    expect(sl.body).toContain('<h1>Stanje storitve Skrbnik</h1>');
    expect(sl.body).toContain('Načrtovano vzdrževanje: API, zajem podatkov');
    const byHeader = await request(ctx.api, 'GET', '/v1/status', { headers: { 'Accept-Language': 'de-AT, sl;q=0.8, en;q=0.5' } });
    expect(byHeader.body).toContain('<html lang="sl">');
    const fallback = await request(ctx.api, 'GET', '/v1/status', { headers: { 'Accept-Language': 'de' } });
    expect(fallback.body).toContain('<html lang="en">');
    expect(fallback.body).toMatch(/<main>[\s\S]*<h2 id="h-current">Maintenance in progress<\/h2>/);
  });

  it('MNT-2 the Atom feed has an entry per item', async () => {
    const reply = await request(ctx.api, 'GET', '/v1/status.atom?lang=en');
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    for (const id of Object.values(ids)) expect(reply.body).toContain(`:${id}</id>`);
    expect(reply.body).toContain('<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">');
  });

  it('MNT-2 is cacheable for 60 s with an ETag, answers 304 to a matching If-None-Match, and runs nothing', async () => {
    const first = await request(ctx.api, 'GET', '/v1/status?lang=en');
    expect(first.headers.get('cache-control')).toBe('public, max-age=60');
    expect(first.headers.get('vary')).toBe('Accept-Language');
    expect(first.headers.get('content-security-policy')).toContain("default-src 'none'");
    const tag = first.headers.get('etag')!;
    expect(tag).toMatch(/^"[\w-]+"$/);
    const again = await request(ctx.api, 'GET', '/v1/status?lang=en', { headers: { 'If-None-Match': tag } });
    expect(again.status).toBe(304);
    expect(again.body).toBeUndefined();
    const other = await request(ctx.api, 'GET', '/v1/status?lang=sl', { headers: { 'If-None-Match': tag } });
    expect(other.status).toBe(200);
  });

  it('MNT-2 BRE-3 shows nothing personal: no contact address, no tenant id', async () => {
    for (const path of ['/v1/status?lang=en', '/v1/status.json?lang=sl', '/v1/status.atom?lang=en']) {
      const reply = await request(ctx.api, 'GET', path);
      const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
      expect(text, path).not.toContain(adminEmail);
      expect(text, path).not.toContain(tenantId);
      expect(text, path).not.toContain('operator');
    }
  });

  it('MNT-2 refuses an unknown language, naming lang', async () => {
    const reply = await request(ctx.api, 'GET', '/v1/status?lang=de');
    expect(reply.status).toBe(400);
    expect(reply.body.invalidParams[0]).toMatchObject({ in: 'query', name: 'lang' });
  });

  it('BRE-3 listEntries returns entries published since a time, oldest first', async () => {
    const all = await listEntries({ since: new Date(Date.now() - 60_000) });
    expect(all.map((e) => e.id)).toContain(ids.notice);
    expect(await listEntries({ since: new Date(Date.now() + 60_000) })).toEqual([]);
  });
});
