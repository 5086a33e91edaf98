import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { DEFAULT_REGION, assertEuRegion } from '../shared/config/region.ts';
import { assertStage } from '../shared/config/stage.ts';
import { FEATURE_FLAGS } from './feature-flags.ts';
import { SkrbnikStack } from './skrbnik-stack.ts';

/** How to build the app; everything defaults to what `cdk synth` / `cdk deploy` would use. */
export interface BuildAppOptions {
  /**
   * Context values, as `-c key=value` gives them: `stage` (dev | prod), `region` (an EU region).
   * The vendor's details, the sending identity among them, are stage configuration
   * (shared/config/stage.ts), checked at synth.
   *
   * @default - only what the CDK CLI passes (cdk.json and `-c`)
   */
  readonly context?: Record<string, unknown>;
  /**
   * Where SKRBNIK_STAGE, SKRBNIK_REGION and CDK_DEFAULT_ACCOUNT are read from; a context value
   * wins over its variable.
   *
   * @default process.env
   */
  readonly env?: Record<string, string | undefined>;
}

export interface BuiltApp {
  readonly app: App;
  readonly stack: SkrbnikStack;
}

function contextString(app: App, key: string): string | undefined {
  const value: unknown = app.node.tryGetContext(key);
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Builds the app with one stack for the chosen stage in the chosen region, and the cdk-nag
 * AwsSolutions and Serverless packs, whose unacknowledged findings fail synthesis.
 */
export function buildApp(options: BuildAppOptions = {}): BuiltApp {
  const env = options.env ?? process.env;
  const app = new App({ context: { ...FEATURE_FLAGS, ...options.context } });
  const stage = assertStage(contextString(app, 'stage') ?? env.SKRBNIK_STAGE ?? 'dev');
  // obligation: SEC-1 — a non-EU region stops synthesis here, before any template exists.
  const region = assertEuRegion(contextString(app, 'region') ?? env.SKRBNIK_REGION ?? DEFAULT_REGION);
  const stack = new SkrbnikStack(app, {
    stage,
    region,
    account: env.CDK_DEFAULT_ACCOUNT,
  });
  Validations.of(app).addPlugins(
    // Acknowledgements are copied into the template's metadata as audit evidence (once suffices).
    new AwsSolutionsChecks(app, { writeSuppressionsToCloudFormation: true }),
    new ServerlessChecks(app),
  );
  return { app, stack };
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (invokedDirectly) buildApp().app.synth();
