import type { Context } from 'aws-lambda';
import { InvokeStore, InvokeStoreBase } from '@aws/lambda-invoke-store';

/**
 * obligation: SEC-6 — each invocation's log lines name its own function. The local platform runs
 * every function in one process, many at once (a job while requests come in, the authorizer
 * beside the handler it guards), where Lambda runs one at a time per container. Powertools keeps
 * an invocation's state (the logger's Lambda context: function name, request id, cold start; its
 * temporary keys; the metrics' dimensions) on the one shared instance, so interleaved invocations
 * would log under whichever set it last. The local platform therefore does what Lambda's runtime
 * does for concurrent invocations in one environment (`AWS_LAMBDA_MAX_CONCURRENCY`): it installs
 * the runtime's own `InvokeStore` (an AsyncLocalStorage) and runs each invocation in a context of
 * its own, which Powertools then keeps that state in.
 *
 * Installed when this module loads, before any handler runs: Powertools refuses to log with the
 * variable set and no store.
 */
const store = await InvokeStore.getInstanceAsync(true);
process.env.AWS_LAMBDA_MAX_CONCURRENCY ??= '64';

/** Runs one invocation of a function in its own context, as Lambda's runtime would. */
export function invoke<T>(context: Context, run: () => Promise<T>): Promise<T> {
  return store.run({ [InvokeStoreBase.PROTECTED_KEYS.REQUEST_ID]: context.awsRequestId }, run);
}
