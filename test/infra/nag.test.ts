import { Resource } from 'aws-cdk-lib/aws-apigateway';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, ServerlessChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import type { SkrbnikApi } from '../../infra/constructs/skrbnik-api.ts';
import type { Stage } from '../../shared/config/stage.ts';
import { ROUTES } from '../../shared/http/routes.ts';
import { build, nestedTemplates, synth } from './synth.ts';

type Acknowledgement = { id: string; reason: string };

/**
 * The acknowledgements copied into the templates' metadata (the stage's stack and its nested
 * stacks: the methods' acknowledgements are in theirs), by the logical id they sit beside.
 */
function acknowledgementsOf(stage: Stage): [string, Acknowledgement][] {
  const { stack, template } = synth({ stage });
  const templates = [template, ...Object.values(nestedTemplates(stack)).map((n) => n.template)];
  const resources = templates.flatMap((t) => Object.entries(t.toJSON().Resources as Record<string, { Metadata?: Record<string, any> }>));
  return resources.flatMap(([id, r]) =>
    ((r.Metadata?.cdk_nag?.rules_to_suppress ?? []) as Acknowledgement[]).map((a): [string, Acknowledgement] => [id, a]),
  );
}

describe.each<Stage>(['dev', 'prod'])('cdk-nag on the %s stack', (stage) => {
  const { app } = build({ stage });
  const acknowledgements = acknowledgementsOf(stage);

  it('has no unacknowledged AwsSolutions finding (among them SEC-2 encryption and SEC-3 recovery rules)', () => {
    expect(new AwsSolutionsChecks().validateScope(app).violations).toEqual([]);
  });

  it('has no unacknowledged Serverless finding', () => {
    expect(new ServerlessChecks().validateScope(app).violations).toEqual([]);
  });

  // Before issue 15: 206 NIST and 205 HIPAA findings on each stage, none acknowledged.
  it('SEC-2 SEC-3 has no unacknowledged NIST 800-53 rev 5 finding', () => {
    expect(new NIST80053R5Checks().validateScope(app).violations).toEqual([]);
  });

  it('SEC-2 SEC-3 has no unacknowledged HIPAA Security finding', () => {
    expect(new HIPAASecurityChecks().validateScope(app).violations).toEqual([]);
  });

  it('gives every acknowledgement a reason of its own', () => {
    for (const [id, { reason }] of acknowledgements) expect(reason.length, id).toBeGreaterThan(60);
  });

  it('DAT-6 CON-1 acknowledges the unrotated secrets (AwsSolutions-SMG4) with their own reasons: the re-index, the links already sent, the suppressed addresses', () => {
    const smg4 = acknowledgements.filter(([, a]) => a.id === 'AwsSolutions-SMG4').sort(([a], [b]) => a.localeCompare(b));
    expect(smg4.map(([id]) => id)).toEqual([expect.stringMatching(/^BlindIndexSecret/), expect.stringMatching(/^LinkSigningSecret/), expect.stringMatching(/^NoticesSendingSuppressionIndexSecret/)]);
    expect(smg4[0]![1].reason).toMatch(/orphan every lookup entry.*re-index job/);
    expect(smg4[1]![1].reason).toMatch(/void every link already sent/);
    expect(smg4[2]![1].reason).toMatch(/bounced for good or complained would be mailed again/);
  });

  it("acknowledges COG4 beside every method and APIG4 beside every public one, in the methods' nested stack", () => {
    expect(acknowledgements.filter(([, a]) => a.id === 'AwsSolutions-COG4')).toHaveLength(ROUTES.length);
    expect(acknowledgements.filter(([, a]) => a.id === 'AwsSolutions-APIG4')).toHaveLength(ROUTES.filter((r) => r.auth === 'public').length);
  });

  it('AUD-1 acknowledges no failure destination on the read-audit event source: SQS has none, its DLQ serves', () => {
    const acknowledged = acknowledgements.filter(([, a]) => a.id === 'Serverless-LambdaEventSourceMappingDestination');
    expect(acknowledged).toHaveLength(1);
    expect(acknowledged[0]![0]).toMatch(/^ReadAuditsConsumerSqsEventSource/);
    expect(acknowledged[0]![1].reason).toMatch(/dead-letter queue/);
  });
});

it('fails synthesis on a finding nobody acknowledged', () => {
  const { stack } = build();
  new Queue(stack, 'Unencrypted');
  expect(() => Template.fromStack(stack)).toThrow(/AwsSolutions-SQS4/);
});

it("fails synthesis on a method nobody acknowledged in the methods' nested stack too", () => {
  const { stack } = build();
  const api = stack.node.findChild('Api') as SkrbnikApi;
  new Resource(api.methods, 'Unacknowledged', { parent: api.restApi.root, pathPart: 'unacknowledged' }).addMethod('GET');
  expect(() => Template.fromStack(api.methods)).toThrow(/AwsSolutions-COG4/);
});
