import { describe, expect, it } from 'vitest';
import { STAGE_CONFIG } from '../../shared/config/stage.ts';
import type { Stage } from '../../shared/config/stage.ts';
import { HTTP_FUNCTIONS } from '../../shared/http/route-definition.ts';
import { JOB_FUNCTIONS } from '../../shared/jobs/jobs.ts';
import { functionEntries } from '../../infra/function-entries.ts';
import { referenced, resourcesOf, synth } from './synth.ts';

describe.each<Stage>(['dev', 'prod'])('every function in %s', (stage) => {
  const { template } = synth({ stage });
  const functions = Object.entries(resourcesOf(template, 'AWS::Lambda::Function'));
  const logGroups = resourcesOf(template, 'AWS::Logs::LogGroup');

  it('is one per HTTP function, per job, the authorizer, the read-audit consumer and the SES bounce handler', () => {
    expect(functions).toHaveLength(HTTP_FUNCTIONS.length + JOB_FUNCTIONS.length + 3);
  });

  it('is each one of the entries bench/bundles.ts measures', () => {
    expect(functionEntries().map((f) => f.name)).toContain('audit-reads');
    expect(functionEntries()).toHaveLength(functions.length);
  });

  it('has a bundle of its own: no two functions share a code asset, and each runs index.mjs', () => {
    const code = functions.map(([, fn]) => JSON.stringify(fn.Properties.Code));
    expect(new Set(code).size).toBe(functions.length);
    for (const [id, fn] of functions) expect(fn.Properties.Handler, id).toBe('index.handler');
  });

  it('CON-1 DSR-5 tells exactly the functions that write public links where the API is reached', () => {
    const descriptions = (names: string[]) => names.map((n) => `HTTP routes of ${n}`).sort();
    const told = functions.filter(([, fn]) => fn.Properties.Environment?.Variables?.PUBLIC_BASE_URL !== undefined).map(([, fn]) => fn.Properties.Description as string);
    expect(told.sort()).toEqual(descriptions(['consents', 'consent-links', 'privacy-requests', 'privacy-request-intake']));
  });

  it('runs on ARM64 with active tracing on Node.js 22 or newer', () => {
    for (const [id, fn] of functions) {
      expect(fn.Properties.Architectures, id).toEqual(['arm64']);
      expect(fn.Properties.TracingConfig, id).toEqual({ Mode: 'Active' });
      const [, major] = /^nodejs(\d+)\.x$/.exec(fn.Properties.Runtime) ?? [];
      expect(Number(major), id).toBeGreaterThanOrEqual(22);
    }
  });

  it(`logs to a log group of its own, kept ${STAGE_CONFIG[stage].logRetentionDays} days`, () => {
    const used = functions.map(([, fn]) => referenced(fn.Properties.LoggingConfig.LogGroup));
    expect(new Set(used).size).toBe(functions.length);
    for (const id of used) expect(logGroups[id]?.Properties.RetentionInDays, id).toBe(STAGE_CONFIG[stage].logRetentionDays);
  });

  it('DAT-9 gives the subjects function the CPU of 1024 MB: a credential hash is scrypt with 32 MiB', () => {
    const [, subjects] = functions.find(([, fn]) => fn.Properties.Description === 'HTTP routes of subjects')!;
    expect(subjects.Properties.MemorySize).toBe(1024);
  });

  it('sets memory and timeout explicitly and enables source maps', () => {
    for (const [id, fn] of functions) {
      expect(fn.Properties.MemorySize, id).toBeGreaterThan(128);
      expect(fn.Properties.Timeout, id).toBeGreaterThan(3);
      expect(fn.Properties.Environment.Variables.NODE_OPTIONS, id).toBe('--enable-source-maps');
    }
  });
});

describe('table access', () => {
  const { template } = synth();
  const functions = Object.values(resourcesOf(template, 'AWS::Lambda::Function'));
  const policies = Object.values(resourcesOf(template, 'AWS::IAM::Policy'));

  function actionsOf(description: string): string[] {
    const fn = functions.find((f) => f.Properties.Description.startsWith(description));
    const role = referenced(fn!.Properties.Role);
    const statements = policies
      .filter((p) => p.Properties.Roles.some((r: unknown) => referenced(r) === role))
      .flatMap((p) => p.Properties.PolicyDocument.Statement);
    return statements.flatMap((s: { Action: string | string[] }) => [s.Action].flat());
  }

  it('TEN-3 lets the authorizer read the table and nothing more', () => {
    const actions = actionsOf('Maps a tenant API key');
    expect(actions).toContain('dynamodb:GetItem');
    expect(actions.filter((a) => /^dynamodb:(Put|Update|Delete|BatchWrite)/.test(a))).toEqual([]);
  });

  it('gives the OpenAPI function no table access at all', () => {
    expect(actionsOf('HTTP routes of openapi').filter((a) => a.startsWith('dynamodb:'))).toEqual([]);
  });

  it('names the table in TABLE_NAME wherever the table may be used, directly or through a tenant data role', () => {
    for (const fn of functions) {
      const usesTable = actionsOf(fn.Properties.Description).some((a) => a.startsWith('dynamodb:') || a === 'sts:AssumeRole');
      expect(fn.Properties.Environment.Variables.TABLE_NAME !== undefined, fn.Properties.Description).toBe(usesTable);
    }
  });

  it('grants no wildcard resources on the table: the table and its index by name', () => {
    const tableStatements = policies
      .flatMap((p) => p.Properties.PolicyDocument.Statement)
      .filter((s: { Action: string | string[] }) => [s.Action].flat().some((a) => a.startsWith('dynamodb:')));
    for (const statement of tableStatements) expect(JSON.stringify(statement.Resource)).not.toContain('*');
  });
});
