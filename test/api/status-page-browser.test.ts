import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalTopic } from '../../local/sns.ts';
import { useTopicPublisher } from '../../shared/clients/sns.ts';
import { newId } from '../../shared/ids.ts';
import { publishEntry } from '../../shared/store/status-feed.ts';
import { breachCommunication } from '../../shared/notices/templates/breach-communication.ts';
import { OPERATOR_TOKEN, request, useApi } from '../support/api.ts';
import { scheduleBody, tenantIn } from '../support/maintenance.ts';

/**
 * The status page in a real browser: Debian's Chromium (`.ci/run` installs it), driven by
 * playwright-core, which downloads no browser of its own. The flags keep Chromium off the network
 * the machine does not have. The screenshot goes to docs/status-page.png when
 * UPDATE_SCREENSHOTS=1 (`npm run screenshots`), else to a temporary folder, so a test run leaves
 * the tree as it was.
 */
const CHROMIUM = '/usr/bin/chromium';
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const ctx = useApi();
let browser: Browser;
/** A temporary folder for the screenshot of a plain test run. */
let profile: string;

beforeAll(async () => {
  useTopicPublisher(new LocalTopic());
  const tenant = await tenantIn(ctx.api, 'en');
  const schedule = async (body: unknown) => {
    const reply = await request(ctx.api, 'POST', '/v1/operator/maintenance', { token: OPERATOR_TOKEN, body });
    expect(reply.status).toBe(201);
    return reply.body.id as string;
  };
  await schedule({
    ...scheduleBody(72, [tenant.tenantId]),
    description: { sl: 'Nadgradnja podatkovne baze na novo različico.', en: 'Upgrade of the database to a new version.' },
  });
  const current = await schedule({
    ...scheduleBody(0.5, [tenant.tenantId], { emergency: true, components: ['exports'] }),
    description: { sl: 'Zamenjava okvarjenega diska.', en: 'Replacing a failed disk.' },
  });
  await request(ctx.api, 'POST', `/v1/operator/maintenance/${current}/start`, { token: OPERATOR_TOKEN });
  await publishEntry('direct', {
    id: newId(new Date()),
    kind: 'incident-notice',
    title: { sl: 'Obvestilo o kršitvi varnosti', en: 'Security breach notice' },
    body: { sl: 'Izvozna datoteka je bila poslana napačnemu prejemniku.', en: 'An export file was sent to the wrong recipient; it was deleted unread.' },
    publishedAt: new Date().toISOString(),
    status: 'resolved',
  });
  profile = await mkdtemp(join(tmpdir(), 'skrbnik-chromium-'));
  // launch() starts Chromium with a fresh, empty profile of its own (the --user-data-dir the flags need).
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  if (profile) await rm(profile, { recursive: true, force: true });
});

describe('status page in Chromium', () => {
  it('MNT-2 BRE-3 renders with landmarks, headings and its language, and lists exactly what the JSON feed lists', async () => {
    const feed = await request(ctx.api, 'GET', '/v1/status.json?lang=en');
    const page = await browser.newPage({ viewport: { width: 900, height: 800 } });
    const response = await page.goto(`${ctx.api.url}/v1/status?lang=en`);
    expect(response?.status()).toBe(200);

    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.locator('h1').allTextContents()).toEqual(['Skrbnik service status']);
    expect(await page.locator('h2').allTextContents()).toEqual([
      'Maintenance in progress',
      'Upcoming maintenance',
      'Past maintenance (last 90 days)',
      'Incident notices (last 90 days)',
    ]);
    for (const landmark of ['header', 'nav', 'main', 'footer']) expect(await page.locator(landmark).count(), landmark).toBe(1);

    const shown = await page.locator('article').evaluateAll((articles) =>
      articles.map((a) => ({ id: a.getAttribute('data-id'), title: a.querySelector('h3')?.textContent })),
    );
    const listed = feed.body.items.map((i: { id: string; title: string }) => ({ id: i.id, title: i.title }));
    expect(shown).toEqual(listed);
    expect(shown).toHaveLength(3);

    const path = process.env.UPDATE_SCREENSHOTS === '1' ? 'docs/status-page.png' : join(profile, 'status-page.png');
    await page.screenshot({ path, fullPage: true });
    expect((await stat(path)).size).toBeGreaterThan(10_000);

    await page.getByRole('link', { name: 'Slovenščina' }).click();
    expect(await page.getAttribute('html', 'lang')).toBe('sl');
    expect(await page.locator('h1').textContent()).toBe('Stanje storitve Skrbnik');
    await page.close();
  });

  it('BRE-5 a breach e-mail renders as its own kind of message: the alert layout, no images, no links but the contact', async () => {
    const message = breachCommunication('en', {
      tenantName: 'Acme d.o.o.',
      subject: 'Your personal data may have been exposed',
      body: 'On 20 November an export file with names and work e-mail addresses was sent to the wrong recipient.\n\nThe recipient deleted it unread. Be wary of messages that ask you to confirm your details.',
      contact: { name: 'Acme data protection officer', email: 'dpo@acme.example' },
    });
    const page = await browser.newPage({ viewport: { width: 760, height: 700 } });
    await page.setContent(message.html);
    expect(await page.locator('img').count()).toBe(0);
    const links = await page.locator('a').evaluateAll((anchors) => anchors.map((a) => a.getAttribute('href')));
    expect(links.every((href) => href === 'mailto:dpo@acme.example')).toBe(true);
    expect(await page.locator('body').textContent()).toContain('Article 34');
    const path = process.env.UPDATE_SCREENSHOTS === '1' ? 'docs/breach-email.png' : join(profile, 'breach-email.png');
    await page.screenshot({ path, fullPage: true });
    expect((await stat(path)).size).toBeGreaterThan(5_000);
    await page.close();
  });
});
