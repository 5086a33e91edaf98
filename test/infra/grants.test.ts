import { describe, expect, it } from 'vitest';
import { STAGE_CONFIG } from '../../shared/config/stage.ts';
import type { Stage } from '../../shared/config/stage.ts';
import { HTTP_FUNCTIONS } from '../../shared/http/route-definition.ts';
import { JOBS } from '../../shared/jobs/jobs.ts';
import { reachableStatements, referenced, resourcesOf, synth } from './synth.ts';

type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: unknown };

/** The functions expected to send notices (SES and the notice topic): they call the outbox. */
const NOTICE_SENDERS = ['billing', 'operator-billing', 'key-rotation-notices', 'invoicing', 'dunning', 'dormancy', 'tenant-deletion', 'operator-maintenance', 'maintenance-notices', 'breach-communications', 'operator-incidents', 'breach-clock', 'privacy-request-reminders', 'privacy-requests', 'privacy-request-intake', 'consents', 'disclosures', 'operator-disclosures', 'assistance-requests'];
/** The functions expected to flush the authorizer cache: they change what a tenant's keys may do. */
const CACHE_FLUSHERS = ['api-keys', 'operator-billing', 'dormancy', 'tenant-deletion'];

describe.each<Stage>(['dev', 'prod'])('grants in %s', (stage) => {
  const { template } = synth({ stage });
  const functions = resourcesOf(template, 'AWS::Lambda::Function');
  const policies = Object.values(resourcesOf(template, 'AWS::IAM::Policy'));
  const [restApiId] = Object.keys(resourcesOf(template, 'AWS::ApiGateway::RestApi'));
  const topicId = Object.keys(resourcesOf(template, 'AWS::SNS::Topic')).find((id) => id.startsWith('NoticesNoticeTopic'))!;

  /** Function logical id by its name in the route or job table. */
  const byName: Record<string, string> = Object.fromEntries(
    [
      ...HTTP_FUNCTIONS.map((name) => [name, `HTTP routes of ${name}`] as const),
      ...JOBS.map((job) => [job.name, job.description] as const),
    ].map(([name, description]) => {
      const found = Object.keys(functions).filter((id) => functions[id]!.Properties.Description === description);
      expect(found, name).toHaveLength(1);
      return [name, found[0]!];
    }),
  );
  const nameOf = (fnId: string) => Object.keys(byName).find((name) => byName[name] === fnId) ?? fnId;

  function statementsOf(fnId: string): Statement[] {
    const role = referenced(functions[fnId]!.Properties.Role);
    return policies
      .filter((p) => p.Properties.Roles.some((r: unknown) => referenced(r) === role))
      .flatMap((p) => p.Properties.PolicyDocument.Statement);
  }
  const allows = (fnId: string, action: string) =>
    statementsOf(fnId).some((s) => s.Effect === 'Allow' && [s.Action].flat().includes(action));
  /** The names of the functions (of every kind) whose role allows `action`. */
  const allowed = (action: string) => Object.keys(functions).filter((id) => allows(id, action)).map(nameOf).sort();
  const environmentOf = (fnId: string): Record<string, unknown> => functions[fnId]!.Properties.Environment.Variables;

  it('deploys the billing functions and the billing jobs', () => {
    for (const name of ['billing', 'operator-billing', 'metering-snapshot', 'invoicing', 'dunning', 'dormancy', 'tenant-deletion']) {
      expect(byName[name], name).toBeDefined();
      expect(reachableStatements(template, byName[name]!).some((s) => s.Effect === 'Allow' && [s.Action].flat().includes('dynamodb:PutItem')), name).toBe(true);
    }
  });

  it('BRE-2 lets only the breach register text phones: SNS publish to anything but a topic', () => {
    const texting = Object.keys(functions)
      .filter((id) => statementsOf(id).some((st) => st.Effect === 'Allow' && [st.Action].flat().includes('sns:Publish') && (st as { NotResource?: unknown }).NotResource !== undefined))
      .map(nameOf)
      .sort();
    expect(texting).toEqual(['breach-clock', 'operator-incidents']);
    for (const id of texting.map((n) => byName[n]!)) {
      const sms = statementsOf(id).find((st) => (st as { NotResource?: unknown }).NotResource !== undefined)!;
      expect((sms as { NotResource?: unknown }).NotResource).toEqual('arn:aws:sns:*:*:*');
    }
  });

  describe('notices', () => {
    it('lets exactly the functions that send notices send e-mail, from the sender address only', () => {
      expect(allowed('ses:SendEmail')).toEqual([...NOTICE_SENDERS].sort());
      expect(allowed('ses:SendRawEmail')).toEqual([...NOTICE_SENDERS].sort());
      for (const name of NOTICE_SENDERS) {
        expect(statementsOf(byName[name]!), name).toContainEqual(
          expect.objectContaining({
            Action: ['ses:SendEmail', 'ses:SendRawEmail'],
            Condition: { StringEquals: { 'ses:FromAddress': STAGE_CONFIG[stage].email.senderAddress } },
          }),
        );
      }
    });

    it('lets exactly the functions that send notices publish to the notice topic, and tells only them where', () => {
      expect(allowed('sns:Publish')).toEqual([...NOTICE_SENDERS].sort());
      for (const [id, fn] of Object.entries(functions)) {
        const sender = NOTICE_SENDERS.includes(nameOf(id));
        const variables = fn.Properties.Environment.Variables;
        expect(variables.NOTICE_TOPIC_ARN, nameOf(id)).toEqual(sender ? { Ref: topicId } : undefined);
        expect(variables.SENDER_ADDRESS, nameOf(id)).toBe(sender ? STAGE_CONFIG[stage].email.senderAddress : undefined);
      }
    });

    it('does not let subjects, api-keys or the jobs that tell nobody send e-mail', () => {
      for (const name of ['subjects', 'api-keys', 'erasure-completion', 'metering-snapshot']) {
        expect(allows(byName[name]!, 'ses:SendEmail'), name).toBe(false);
      }
    });
  });

  describe('the authorizer cache', () => {
    const cacheArn = {
      'Fn::Join': ['', ['arn:aws:apigateway:eu-central-1::/restapis/', { Ref: restApiId }, `/stages/${stage}/cache/authorizers`]],
    };

    it('TEN-2, DUN-3, DUN-5 lets exactly the functions that change what keys may do flush it', () => {
      expect(allowed('apigateway:DELETE')).toEqual([...CACHE_FLUSHERS].sort());
      expect(byName.billing && allows(byName.billing, 'apigateway:DELETE')).toBe(false);
    });

    it.each(CACHE_FLUSHERS)("lets %s delete this stage's authorizer cache and nothing else of the API", (name) => {
      const statements = statementsOf(byName[name]!).filter((s) => [s.Action].flat().some((a) => a.startsWith('apigateway:')));
      expect(statements).toEqual([{ Effect: 'Allow', Action: 'apigateway:DELETE', Resource: cacheArn }]);
    });

    it('tells exactly the flushing functions the REST API and the stage', () => {
      for (const [id, fn] of Object.entries(functions)) {
        const flusher = CACHE_FLUSHERS.includes(nameOf(id));
        const variables = fn.Properties.Environment.Variables;
        expect(variables.REST_API_ID, nameOf(id)).toEqual(flusher ? { Ref: restApiId } : undefined);
        expect(variables.API_STAGE, nameOf(id)).toBe(flusher ? stage : undefined);
      }
    });
  });

  describe('timeouts', () => {
    it('gives the tenant-deletion job Lambda’s longest time limit, 15 minutes', () => {
      expect(functions[byName['tenant-deletion']!]!.Properties.Timeout).toBe(900);
    });

    it('gives the purge job 15 minutes: it checkpoints per subject and resumes the next day (RET-2)', () => {
      expect(functions[byName['purge']!]!.Properties.Timeout).toBe(900);
    });

    it('gives the breach-communications and breach-clock jobs 15 minutes too: they send at the SES rate for as long as they can', () => {
      expect(functions[byName['breach-communications']!]!.Properties.Timeout).toBe(900);
      expect(functions[byName['breach-clock']!]!.Properties.Timeout).toBe(900);
    });

    it('gives the exports job 15 minutes: one run streams a large tenant’s ZIP (EXP-1)', () => {
      expect(functions[byName['exports']!]!.Properties.Timeout).toBe(900);
    });

    it.each(JOBS.filter((job) => !['tenant-deletion', 'breach-communications', 'breach-clock', 'purge', 'exports'].includes(job.name)))('keeps $name at 5 minutes', (job) => {
      expect(functions[byName[job.name]!]!.Properties.Timeout).toBe(300);
    });

    it.each([...HTTP_FUNCTIONS])('keeps the HTTP function %s at 10 seconds', (name) => {
      expect(functions[byName[name]!]!.Properties.Timeout).toBe(10);
    });
  });

  it('gives every function the seller details of the stage config, but the SES bounce handler, which needs none', () => {
    for (const [id, fn] of Object.entries(functions)) {
      const bounceHandler = fn.Properties.Description === 'Records the addresses that SES bounces and complaints suppress (SEC-5)';
      expect(environmentOf(id).SELLER_DETAILS, nameOf(id)).toBe(bounceHandler ? undefined : JSON.stringify(STAGE_CONFIG[stage].seller));
    }
  });

  it('has no dependency cycle between its resources', () => {
    const resources = template.toJSON().Resources as Record<string, { DependsOn?: string | string[] }>;
    const edges = (id: string): string[] => {
      const found = new Set<string>([resources[id]!.DependsOn ?? []].flat());
      JSON.stringify(resources[id], (key, value: unknown) => {
        if (key === 'Ref' && typeof value === 'string') found.add(value);
        if (key === 'Fn::GetAtt' && Array.isArray(value)) found.add(String(value[0]));
        return value;
      });
      return [...found].filter((target) => target in resources);
    };
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (id: string, path: string[]): void => {
      if (state.get(id) === 'done') return;
      if (state.get(id) === 'visiting') throw new Error(`cycle: ${[...path, id].join(' → ')}`);
      state.set(id, 'visiting');
      for (const next of edges(id)) visit(next, [...path, id]);
      state.set(id, 'done');
    };
    expect(() => Object.keys(resources).forEach((id) => visit(id, []))).not.toThrow();
  });
});
