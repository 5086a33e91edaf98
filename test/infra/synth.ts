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
