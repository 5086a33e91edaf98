import { describe, expect, it } from 'vitest';
import { STAGE_CONFIG } from '../../shared/config/stage.ts';
import type { Stage, StageConfig } from '../../shared/config/stage.ts';
import { dmarcRecord, vendorConfigProblems } from '../../shared/config/vendor.ts';
import { build, referenced, resourcesOf, statementsOfRole, synth } from './synth.ts';

const RECORDER = 'Records the addresses that SES bounces and complaints suppress (SEC-5)';

describe.each<Stage>(['dev', 'prod'])('the sending identity in %s', (stage) => {
  const { template } = synth({ stage });
  const { email } = STAGE_CONFIG[stage];
  const [identityId, identity] = Object.entries(resourcesOf(template, 'AWS::SES::EmailIdentity'))[0]!;
  const [configSetId, configSet] = Object.entries(resourcesOf(template, 'AWS::SES::ConfigurationSet'))[0]!;
  const functions = resourcesOf(template, 'AWS::Lambda::Function');
  const [recorderId, recorder] = Object.entries(functions).find(([, f]) => f.Properties.Description === RECORDER)!;
  const statementsOf = (fn: { Properties: Record<string, any> }) => statementsOfRole(template, referenced(fn.Properties.Role));

  it('is the domain of the stage config, signed with Easy DKIM (2048-bit), with a custom MAIL FROM domain', () => {
    expect(Object.keys(resourcesOf(template, 'AWS::SES::EmailIdentity'))).toHaveLength(1);
    expect(identity.Properties).toMatchObject({
      EmailIdentity: email.senderDomain,
      DkimAttributes: { SigningEnabled: true },
      DkimSigningAttributes: { NextSigningKeyLength: 'RSA_2048_BIT' },
      MailFromAttributes: { MailFromDomain: `${email.mailFromSubdomain}.${email.senderDomain}`, BehaviorOnMxFailure: 'USE_DEFAULT_VALUE' },
      ConfigurationSetAttributes: { ConfigurationSetName: { Ref: configSetId } },
    });
  });

  it('SEC-2 SEC-5 has a configuration set that requires TLS and lets SES suppress bounces and complaints account-wide too', () => {
    expect(configSet.Properties).toMatchObject({
      DeliveryOptions: { TlsPolicy: 'REQUIRE' },
      ReputationOptions: { ReputationMetricsEnabled: true },
      SuppressionOptions: { SuppressedReasons: ['BOUNCE', 'COMPLAINT'] },
    });
  });

  it('SEC-2 SEC-5 publishes bounces and complaints, and nothing else, to an encrypted topic the recorder is subscribed to, with a dead-letter queue', () => {
    const [destination] = Object.values(resourcesOf(template, 'AWS::SES::ConfigurationSetEventDestination'));
    expect(destination!.Properties.ConfigurationSetName).toEqual({ Ref: configSetId });
    expect(destination!.Properties.EventDestination).toMatchObject({ Enabled: true, MatchingEventTypes: ['bounce', 'complaint'] });
    const topicId = referenced(destination!.Properties.EventDestination.SnsDestination.TopicARN);
    const topic = resourcesOf(template, 'AWS::SNS::Topic')[topicId]!;
    expect(topic.Properties.KmsMasterKeyId).toBeDefined();
    // SES may publish to it, for this configuration set only.
    const policy = Object.values(resourcesOf(template, 'AWS::SNS::TopicPolicy')).find((p) => p.Properties.Topics.some((t: unknown) => referenced(t) === topicId))!;
    const sesStatement = policy.Properties.PolicyDocument.Statement.find((st: { Principal?: { Service?: string } }) => st.Principal?.Service === 'ses.amazonaws.com');
    expect(sesStatement).toMatchObject({ Effect: 'Allow', Action: 'sns:Publish' });
    expect(JSON.stringify(sesStatement.Condition)).toContain(':configuration-set/');
    const [subscription] = Object.values(resourcesOf(template, 'AWS::SNS::Subscription')).filter((s) => referenced(s.Properties.TopicArn) === topicId);
    expect(subscription!.Properties).toMatchObject({ Protocol: 'lambda', RedrivePolicy: { deadLetterTargetArn: expect.anything() } });
    expect(referenced(subscription!.Properties.Endpoint)).toBe(recorderId);
    expect(referenced(recorder.Properties.DeadLetterConfig.TargetArn)).toBe(referenced(subscription!.Properties.RedrivePolicy.deadLetterTargetArn));
  });

  it('TEN-3 DAT-6 lets the recorder update the suppression partitions alone, and read its secret; it sends nothing', () => {
    const statements = statementsOf(recorder);
    const table = statements.filter((s) => [s.Action].flat().some((a) => a.startsWith('dynamodb:')));
    expect(table).toEqual([
      expect.objectContaining({ Action: 'dynamodb:UpdateItem', Condition: expect.objectContaining({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['SUPPRESSED#*'] } }) }),
    ]);
    expect(statements.some((s) => [s.Action].flat().includes('secretsmanager:GetSecretValue'))).toBe(true);
    expect(JSON.stringify(statements)).not.toMatch(/ses:Send|sns:Publish/);
    expect(recorder.Properties.Environment.Variables.SUPPRESSION_INDEX_SECRET_ARN).toEqual({ Ref: expect.stringMatching(/SuppressionIndexSecret/) });
  });

  it('SEC-5 restricts every sender to the identity and the configuration set, from the sender address, in the configuration set, reading the suppression list by key', () => {
    const senders = Object.values(functions).filter((f) => f.Properties.Environment.Variables.SENDER_ADDRESS !== undefined);
    expect(senders.length).toBeGreaterThan(10);
    for (const fn of senders) {
      const statements = statementsOf(fn);
      const ses = statements.filter((s) => [s.Action].flat().some((a) => a.startsWith('ses:')));
      expect(ses, fn.Properties.Description).toHaveLength(1);
      expect(ses[0]!.Condition).toEqual({ StringEquals: { 'ses:FromAddress': email.senderAddress } });
      const resources = [ses[0]!.Resource].flat();
      expect(resources).toHaveLength(2);
      expect(JSON.stringify(resources)).toContain(`:identity/${email.senderDomain}`);
      expect(JSON.stringify(resources)).toContain(`:configuration-set/`);
      expect(JSON.stringify(resources)).not.toContain('identity/*');
      expect(statements).toContainEqual(
        expect.objectContaining({ Action: 'dynamodb:GetItem', Condition: expect.objectContaining({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['SUPPRESSED#*'] } }) }),
      );
      expect(fn.Properties.Environment.Variables).toMatchObject({ SENDER_ADDRESS: email.senderAddress, SES_CONFIGURATION_SET: { Ref: configSetId } });
    }
  });

  it('outputs the DNS records to publish: three DKIM CNAMEs, the MAIL FROM MX and SPF, and DMARC', () => {
    const outputs = template.findOutputs('*');
    for (const n of [1, 2, 3]) expect(JSON.stringify(outputs[`DkimRecord${n}`]!.Value)).toContain(`DkimDNSTokenName${n}`);
    expect(outputs.MailFromMxRecord!.Value).toBe(`mail.${email.senderDomain} MX 10 feedback-smtp.eu-central-1.amazonses.com`);
    expect(outputs.MailFromSpfRecord!.Value).toBe(`mail.${email.senderDomain} TXT "v=spf1 include:amazonses.com -all"`);
    expect(outputs.DmarcRecord!.Value).toBe(`_dmarc.${email.senderDomain} TXT "v=DMARC1; p=quarantine; rua=mailto:${email.dmarcReportAddress}; adkim=r; aspf=r; pct=100"`);
  });
});

describe('vendor details in the stage configuration', () => {
  const valid = STAGE_CONFIG.dev;
  const withEmail = (change: Partial<StageConfig['email']>): StageConfig => ({ ...valid, email: { ...valid.email, ...change } });

  it('accepts the example values of both stages', () => {
    expect(vendorConfigProblems(STAGE_CONFIG.dev)).toEqual([]);
    expect(vendorConfigProblems(STAGE_CONFIG.prod)).toEqual([]);
  });

  it('names each wrong field: domain syntax, a sender outside its domain, a MAIL FROM label, the DMARC address', () => {
    expect(vendorConfigProblems(withEmail({ senderDomain: 'Vendor_Example' }))).toEqual(
      expect.arrayContaining([expect.stringMatching(/^email\.senderDomain: must be a lower-case DNS domain/), expect.stringMatching(/^email\.senderAddress: must be an address at the sender domain/)]),
    );
    expect(vendorConfigProblems(withEmail({ senderAddress: 'notices@other.example' }))).toEqual([expect.stringMatching(/^email\.senderAddress: must be an address at the sender domain/)]);
    expect(vendorConfigProblems(withEmail({ mailFromSubdomain: 'mail.bounce' }))).toEqual([expect.stringMatching(/^email\.mailFromSubdomain: must be one DNS label/)]);
    expect(vendorConfigProblems(withEmail({ dmarcReportAddress: 'reports' }))).toContainEqual(expect.stringMatching(/^email\.dmarcReportAddress: must be a plain e-mail address/));
  });

  it('BIL-5 checks the seller: an EU VAT number with its country prefix, an IBAN with a valid check number', () => {
    const seller = (change: Partial<StageConfig['seller']>): StageConfig => ({ ...valid, seller: { ...valid.seller, ...change } });
    expect(vendorConfigProblems(seller({ vatNumber: 'SI 1234 5678' }))).toEqual([expect.stringMatching(/^seller\.vatNumber: must be an EU VAT number/)]);
    expect(vendorConfigProblems(seller({ vatNumber: 'US12345678', country: 'US' }))).toEqual([expect.stringMatching(/^seller\.vatNumber: must start with an EU member state's VAT prefix/)]);
    expect(vendorConfigProblems(seller({ vatNumber: 'HR12345678' }))).toEqual([expect.stringMatching(/^seller\.vatNumber: must carry the seller's country/)]);
    expect(vendorConfigProblems(seller({ iban: 'SI56 1910 0000 0123 439' }))).toEqual([expect.stringMatching(/^seller\.iban: must be an IBAN with a valid check number/)]);
    expect(vendorConfigProblems({ ...valid, breach: { ...valid.breach, responders: [] } })).toEqual([expect.stringMatching(/^breach\.responders:/)]);
  });

  it('stops synthesis with the stage and every wrong field named', () => {
    const saved = STAGE_CONFIG.dev;
    (STAGE_CONFIG as Record<Stage, StageConfig>).dev = withEmail({ senderAddress: 'notices@elsewhere.example' });
    try {
      expect(() => build({ stage: 'dev' })).toThrow(/Stage dev: vendor configuration is invalid:\n- email\.senderAddress: must be an address at the sender domain/);
    } finally {
      (STAGE_CONFIG as Record<Stage, StageConfig>).dev = saved;
    }
  });

  it('builds the DMARC record from the policy and the report address', () => {
    expect(dmarcRecord({ ...valid.email, dmarcPolicy: 'reject' })).toBe(`v=DMARC1; p=reject; rua=mailto:${valid.email.dmarcReportAddress}; adkim=r; aspf=r; pct=100`);
  });
});
