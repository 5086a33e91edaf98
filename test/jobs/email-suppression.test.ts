import { randomBytes } from 'node:crypto';
import type { SNSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { handler } from '../../functions/events/email-feedback.ts';
import { lambdaContext } from '../../local/api-server.ts';
import { runJob } from '../../local/scheduler.ts';
import { sesApi } from '../../shared/clients/ses.ts';
import { sendEmail } from '../../shared/notices/email.ts';
import { suppressionOf } from '../../shared/notices/suppression.ts';
import { OPERATOR_TOKEN, allItems, newTenantWithKey, request, useApi } from '../support/api.ts';
import { inboxOf } from '../support/inbox.ts';
import { incidentBody } from '../support/route-samples.ts';

const ctx = useApi();
const DAY = 86_400_000;

const mail = (messageId: string, to: string) => ({
  timestamp: '2026-05-04T08:00:00.000Z',
  source: 'notices@vendor.example',
  sourceArn: 'arn:aws:ses:eu-central-1:123456789012:identity/vendor.example',
  sendingAccountId: '123456789012',
  messageId,
  destination: [to],
  headersTruncated: false,
  tags: { 'ses:configuration-set': ['Skrbnik-dev-notices'], 'ses:source-ip': ['192.0.2.1'] },
});

/** A bounce as the configuration set's event destination publishes it (SES event publishing). */
function bounce(address: string, bounceType: 'Permanent' | 'Transient', feedbackId = `fb-${randomBytes(4).toString('hex')}`) {
  return {
    eventType: 'Bounce',
    bounce: {
      feedbackId,
      bounceType,
      bounceSubType: bounceType === 'Permanent' ? 'General' : 'MailboxFull',
      bouncedRecipients: [{ emailAddress: address, action: 'failed', status: bounceType === 'Permanent' ? '5.1.1' : '4.2.2', diagnosticCode: 'smtp; 550 5.1.1 user unknown' }],
      timestamp: '2026-05-04T08:00:02.000Z',
      reportingMTA: 'dsn; a1-2.smtp-out.eu-central-1.amazonses.com',
    },
    mail: mail('0107019a-bounce', address),
  };
}

/** A complaint as an identity's feedback notification has it (`notificationType`), with a display name. */
function complaint(address: string) {
  return {
    notificationType: 'Complaint',
    complaint: {
      feedbackId: `fb-${randomBytes(4).toString('hex')}`,
      complaintSubType: null,
      complainedRecipients: [{ emailAddress: `"Dora" <${address.toUpperCase()}>` }],
      timestamp: '2026-05-04T09:00:00.000Z',
      userAgent: 'Mail provider feedback loop',
      complaintFeedbackType: 'abuse',
      arrivalDate: '2026-05-04T08:59:00.000Z',
    },
    mail: mail('0107019a-complaint', address),
  };
}

/** The notifications as SNS delivers them to the handler. */
function snsEvent(...notifications: unknown[]): SNSEvent {
  return {
    Records: notifications.map((n, i) => ({
      EventSource: 'aws:sns',
      EventVersion: '1.0',
      EventSubscriptionArn: 'arn:aws:sns:eu-central-1:123456789012:feedback:1',
      Sns: {
        Type: 'Notification',
        MessageId: `sns-${i}`,
        TopicArn: 'arn:aws:sns:eu-central-1:123456789012:feedback',
        Subject: null,
        Message: JSON.stringify(n),
        Timestamp: '2026-05-04T08:00:03.000Z',
        SignatureVersion: '1',
        Signature: 'x',
        SigningCertUrl: 'https://sns.eu-central-1.amazonaws.com/cert.pem',
        UnsubscribeUrl: 'https://sns.eu-central-1.amazonaws.com/?Action=Unsubscribe',
        MessageAttributes: {},
      },
    })),
  } as unknown as SNSEvent;
}

const feedback = (...notifications: unknown[]) => handler(snsEvent(...notifications), lambdaContext('email-feedback'));

async function tenantWith(roles: 'breach' | 'admin') {
  const unique = randomBytes(4).toString('hex');
  const contacts =
    roles === 'breach'
      ? {
          administrator: { name: 'Ana Admin', email: `admin-${unique}@bounce.example` },
          dataProtection: { name: 'Dora DPO', email: `dpo-${unique}@bounce.example` },
          security: { name: 'Sam Security', email: `sec-${unique}@bounce.example` },
        }
      : { administrator: { name: 'Ana Admin', email: `admin-${unique}@bounce.example` } };
  const t = await newTenantWithKey(ctx.api, ['admin'], { language: 'en', contacts });
  return { ...t, contacts };
}

describe('e-mail suppression (SES bounces and complaints)', () => {
  it('SEC-5 BRE-2 TEN-5 a permanent bounce suppresses the address: the breach notice skips it, records why, and still reaches the other contact; reruns do not loop', async () => {
    const t = await tenantWith('breach');
    const dpo = t.contacts.dataProtection!.email;
    const security = t.contacts.security!.email;
    expect(await feedback(bounce(dpo, 'Permanent'))).toEqual({ suppressed: 1 });
    expect(await suppressionOf(dpo)).toBe('permanent-bounce');

    const created = await request(ctx.api, 'POST', '/v1/operator/incidents', {
      token: OPERATOR_TOKEN,
      body: { ...incidentBody(t.tenantId), affectedTenantIds: [t.tenantId], vendorIsController: false },
      headers: { 'Idempotency-Key': randomBytes(8).toString('hex') },
    });
    expect(created.status).toBe(201);
    expect(await inboxOf(dpo)).toHaveLength(0);
    expect(await inboxOf(security)).toHaveLength(1);

    const records = (await allItems()).filter((i) => i.type === 'notice' && String(i.kind).startsWith(`breach-${created.body.id}-1`) && String(i.pk).startsWith(`T#${t.tenantId}#`));
    expect(records.find((r) => r.subjectId === 'dataProtection')).toMatchObject({
      status: 'suppressed',
      deliveries: [{ role: 'dataProtection', address: dpo, skipped: 'suppressed', reason: 'permanent-bounce' }],
    });
    expect(records.find((r) => r.subjectId === 'security')).toMatchObject({ status: 'sent', deliveries: [{ role: 'security', messageId: expect.any(String) }] });

    // The breach clock's reruns neither send to the address nor leave the phase owing it.
    await runJob('breach-clock', new Date());
    await runJob('breach-clock', new Date(Date.now() + 3_600_000));
    expect(await inboxOf(dpo)).toHaveLength(0);
    expect(await inboxOf(security)).toHaveLength(1);
  });

  it('SEC-5 TEN-2 a complaint suppresses the address (whatever its case or display name); the key-rotation notice is skipped with its reason, once', async () => {
    const t = await tenantWith('admin');
    const admin = t.contacts.administrator.email;
    await feedback(complaint(admin));
    expect(await suppressionOf(admin)).toBe('complaint');

    await runJob('key-rotation-notices', new Date(Date.now() + 100 * DAY));
    await runJob('key-rotation-notices', new Date(Date.now() + 101 * DAY));
    expect(await inboxOf(admin)).toHaveLength(0);
    const [record] = (await allItems()).filter((i) => i.type === 'notice' && i.kind === 'key-rotation' && i.subjectId === t.keyId);
    expect(record).toMatchObject({ status: 'suppressed', deliveries: [{ role: 'administrator', skipped: 'suppressed', reason: 'complaint' }] });
  });

  it('SEC-5 a transient bounce suppresses nothing: the next notice still goes out', async () => {
    const t = await tenantWith('admin');
    const admin = t.contacts.administrator.email;
    expect(await feedback(bounce(admin, 'Transient'))).toEqual({ suppressed: 0 });
    expect(await suppressionOf(admin)).toBeUndefined();
    await runJob('key-rotation-notices', new Date(Date.now() + 100 * DAY));
    expect(await inboxOf(admin)).toHaveLength(1);
  });

  it('SEC-5 DAT-6 a redelivered report writes nothing new, and the list holds no address, only its HMAC', async () => {
    const address = `redelivered-${randomBytes(4).toString('hex')}@bounce.example`;
    const report = bounce(address, 'Permanent', 'fb-same');
    await feedback(report, report);
    await feedback(report);
    const entries = (await allItems()).filter((i) => i.type === 'email-suppression');
    const mine = entries.filter((i) => [...(i.feedbackIds as Set<string>)].includes('fb-same'));
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ pk: expect.stringMatching(/^SUPPRESSED#[A-Za-z0-9_-]{43}$/), sk: 'SUPPRESSED', reason: 'permanent-bounce', suppressedAt: '2026-05-04T08:00:02.000Z' });
    expect([...(mine[0]!.feedbackIds as Set<string>)]).toEqual(['fb-same']);
    expect(JSON.stringify(entries, (_, v) => (v instanceof Set ? [...v] : v))).not.toContain('@bounce.example');
  });

  it('SEC-5 every send names the configuration set, and a send outside the outbox (a confirmation) skips a suppressed address too', async () => {
    const { client } = await sesApi();
    const seen: string[] = [];
    client.middlewareStack.add((next) => async (args) => {
      seen.push(String((args.input as { ConfigurationSetName?: string }).ConfigurationSetName));
      return next(args);
    }, { step: 'initialize', name: 'testSeeConfigurationSet' });
    try {
      const to = `direct-${randomBytes(4).toString('hex')}@bounce.example`;
      await sendEmail({ to: [to], subject: 'Confirm', text: 't', html: '<p>t</p>' });
      expect(seen).toEqual([process.env.SES_CONFIGURATION_SET]);
      await feedback(bounce(to, 'Permanent'));
      await expect(sendEmail({ to: [to], subject: 'Confirm again', text: 't', html: '<p>t</p>' })).rejects.toMatchObject({ name: 'AddressSuppressed', reason: 'permanent-bounce' });
      expect((await inboxOf(to)).map((m) => m.subject)).toEqual(['Confirm']);
    } finally {
      client.middlewareStack.remove('testSeeConfigurationSet');
    }
  });
});
