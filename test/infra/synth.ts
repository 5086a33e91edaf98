import { Template } from 'aws-cdk-lib/assertions';
import { NestedStack } from 'aws-cdk-lib';
import type { App, CfnElement, Stack } from 'aws-cdk-lib';
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

/** A nested stack of the stage's stack (the API's methods, operations), with its template. */
export interface Nested {
  readonly stack: NestedStack;
  readonly template: Template;
  /** The nested stack's resource's logical id in its parent's template. */
  readonly logicalId: string;
  /**
   * The logical id a `{ Ref }` or `{ Fn::GetAtt }` of the nested template points at: in the
   * parent's template if it is a parameter (whose value the parent passes), else in its own.
   */
  readonly outer: (value: unknown) => string;
}

/** Every nested stack within `stack` (at any depth), each with its template, by construct path. */
export function nestedTemplates(stack: Stack): Record<string, Nested> {
  const parentTemplates = new Map<Stack, Template>();
  const templateOf = (parent: Stack) => parentTemplates.get(parent) ?? parentTemplates.set(parent, Template.fromStack(parent)).get(parent)!;
  return Object.fromEntries(
    stack.node
      .findAll()
      .filter(NestedStack.isNestedStack)
      .map((nested) => {
        const parent = nested.nestedStackParent!;
        const logicalId = parent.resolve(parent.getLogicalId(nested.nestedStackResource as CfnElement)) as string;
        const parameters = (templateOf(parent).toJSON().Resources[logicalId].Properties.Parameters ?? {}) as Record<string, unknown>;
        const outer = (value: unknown): string => {
          const id = referenced(value);
          return id in parameters ? referenced(parameters[id]) : id;
        };
        return [nested.node.path, { stack: nested, template: Template.fromStack(nested), logicalId, outer }];
      }),
  );
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
