let count = 0;
let installed: Promise<void> | undefined;

/**
 * Counts every DynamoDB command the handlers send (retries not counted), with an SDK middleware
 * on every table client (the function's own and each tenant's). Installed on first use: the client must be created after the local
 * platform has set its endpoint.
 */
function install(): Promise<void> {
  installed ??= import('../shared/clients/dynamodb.ts').then(({ observeTableRequests }) => {
    observeTableRequests({
      applyToStack: (stack) =>
        stack.add(
          (next) => async (args) => {
            count++;
            return next(args);
          },
          { step: 'initialize', name: 'skrbnikRequestCounter' },
        ),
    });
  });
  return installed;
}

export async function countRequests(run: () => Promise<unknown>): Promise<number> {
  await install();
  const before = count;
  await run();
  return count - before;
}
