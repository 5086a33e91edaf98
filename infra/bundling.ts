import { Runtime } from 'aws-cdk-lib/aws-lambda';
import { OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { BuildOptions } from 'esbuild';

/** The newest Node.js runtime this aws-cdk-lib knows (cdk-nag AwsSolutions-L1 wants the latest). */
export const LAMBDA_RUNTIME = Runtime.NODEJS_24_X;

const TARGET = `node${LAMBDA_RUNTIME.name.replace(/^nodejs(\d+).*$/, '$1')}`;
const MAIN_FIELDS = ['module', 'main'];
/**
 * The AWS SDK is bundled, not taken from the runtime: a bundled client initialises in about half
 * the time (see docs/benchmarks.md) and its version is the one the tests ran against.
 */
const EXTERNAL: string[] = [];

/**
 * How every function is bundled, in the two shapes that need it: NodejsFunction's options for the
 * stack, and the equivalent esbuild options for measuring bundles outside CDK (bench/bundles.ts).
 */
export const BUNDLING = {
  cdk: {
    format: OutputFormat.ESM,
    target: TARGET,
    minify: true,
    sourceMap: true,
    // Stack traces need the mappings only; the sources would double every bundle.
    sourcesContent: false,
    mainFields: MAIN_FIELDS,
    externalModules: EXTERNAL,
    // The local esbuild, never Docker: CI machines have no Docker daemon.
    forceDockerBundling: false,
  } satisfies BundlingOptions,
  esbuild: {
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: TARGET,
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    mainFields: MAIN_FIELDS,
    external: EXTERNAL,
  } satisfies BuildOptions,
};
