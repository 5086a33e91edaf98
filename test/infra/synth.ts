import { Template } from 'aws-cdk-lib/assertions';
import type { App } from 'aws-cdk-lib';
import { buildApp } from '../../infra/app.ts';
import type { SkrbnikStack } from '../../infra/skrbnik-stack.ts';

export interface Synthesised {
  readonly app: App;
  readonly stack: SkrbnikStack;
  readonly template: Template;
}

/**
 * Builds the app as `cdk synth` would, minus asset bundling (a synth then takes a fraction of a
 * second), and without reading this process's environment variables.
 */
export function build(context: Record<string, unknown> = {}, env: Record<string, string> = {}) {
  return buildApp({ context: { 'aws:cdk:bundling-stacks': [], ...context }, env });
}

export function synth(context: Record<string, unknown> = {}): Synthesised {
  const { app, stack } = build(context);
  return { app, stack, template: Template.fromStack(stack) };
}

type Resources = Record<string, { Type: string; Properties: Record<string, any>; DeletionPolicy?: string }>;

/** The template's resources of one type, by logical id. */
export function resourcesOf(template: Template, type: string): Resources {
  return template.findResources(type) as Resources;
}

/** The logical id a `{ Ref }` or `{ Fn::GetAtt }` points at. */
export function referenced(value: unknown): string {
  const ref = value as { Ref?: string; 'Fn::GetAtt'?: [string, string] };
  const id = ref.Ref ?? ref['Fn::GetAtt']?.[0];
  if (id === undefined) throw new Error(`not a reference: ${JSON.stringify(value)}`);
  return id;
}

export type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: Record<string, Record<string, unknown>> };

/** The statements of the policies attached to the role `roleId`. */
export function statementsOfRole(template: Template, roleId: string): Statement[] {
  return Object.values(resourcesOf(template, 'AWS::IAM::Policy'))
    .filter((p) => p.Properties.Roles.some((r: unknown) => referenced(r) === roleId))
    .flatMap((p) => p.Properties.PolicyDocument.Statement);
}

/**
 * obligation: TEN-3 — what a function can do: its own role's statements and those of every role
 * its own may assume (the tenant data roles, whose statements hold the tenant condition).
 */
export function reachableStatements(template: Template, fnId: string): Statement[] {
  const fn = resourcesOf(template, 'AWS::Lambda::Function')[fnId]!;
  const own = statementsOfRole(template, referenced(fn.Properties.Role));
  const assumed = own
    .filter((s) => s.Effect === 'Allow' && [s.Action].flat().includes('sts:AssumeRole'))
    .flatMap((s) => [s.Resource].flat().map(referenced));
  return [...own, ...assumed.flatMap((roleId) => statementsOfRole(template, roleId))];
}
