import { Queue } from 'aws-cdk-lib/aws-sqs';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import type { Stage } from '../../shared/config/stage.ts';
import { build } from './synth.ts';

describe.each<Stage>(['dev', 'prod'])('cdk-nag on the %s stack', (stage) => {
  const { app } = build({ stage });

  it('has no unacknowledged AwsSolutions finding (among them SEC-2 encryption and SEC-3 recovery rules)', () => {
    expect(new AwsSolutionsChecks().validateScope(app).violations).toEqual([]);
  });

  it('has no unacknowledged Serverless finding', () => {
    expect(new ServerlessChecks().validateScope(app).violations).toEqual([]);
  });
});

it('fails synthesis on a finding nobody acknowledged', () => {
  const { stack } = build();
  new Queue(stack, 'Unencrypted');
  expect(() => Template.fromStack(stack)).toThrow(/AwsSolutions-SQS4/);
});
