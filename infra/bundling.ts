import { buildSync } from 'esbuild';
import type { BuildOptions, Metafile } from 'esbuild';
import { Runtime } from 'aws-cdk-lib/aws-lambda';

/** The newest Node.js runtime this aws-cdk-lib knows (cdk-nag AwsSolutions-L1 wants the latest). */
export const LAMBDA_RUNTIME = Runtime.NODEJS_24_X;

/** The module Lambda loads (`index.mjs`) and the export it calls. */
export const LAMBDA_HANDLER = 'index.handler';

/**
 * How every function is bundled: by the local esbuild (never Docker: CI machines have no Docker
 * daemon), minified ESM with source maps, the AWS SDK bundled in (a bundled client initialises in
 * about half the time, see docs/benchmarks.md, and its version is the one the tests ran against).
 *
 * Code splitting: a module loaded with `import()` on first use (an SDK client only some requests
 * need, such as S3 for an erasure) goes to a chunk of its own that Node reads and compiles only
 * when it is imported, so it costs the cold start nothing. In one file it would be parsed at every
 * cold start even though it is evaluated later.
 */
const ESBUILD_OPTIONS = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: `node${LAMBDA_RUNTIME.name.replace(/^nodejs(\d+).*$/, '$1')}`,
  minify: true,
  sourcemap: true,
  // Stack traces need the mappings only; the sources would double every bundle.
  sourcesContent: false,
  mainFields: ['module', 'main'],
  splitting: true,
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunks/[name]-[hash]',
  logLevel: 'silent',
} satisfies BuildOptions;

/**
 * Bundles one function into `outdir`: `index.mjs` (its handler) and the chunks it loads on first
 * use. The stack's assets and the benchmark both bundle through here. `external` is for the
 * benchmark's comparison only.
 */
export function bundleFunction(entry: string, outdir: string, external: string[] = []): Metafile {
  return buildSync({ ...ESBUILD_OPTIONS, entryPoints: { index: entry }, outdir, external, metafile: true }).metafile;
}
