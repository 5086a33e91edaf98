/**
 * obligation: SEC-5 — how long one call to a dependency may take, per client. `connectionTimeout`
 * bounds opening a connection, `requestTimeout` a socket left silent (not a whole transfer, so an
 * export's upload may run long while its data flows), `maxAttempts` the tries, with the SDK's
 * standard jittered backoff between them. A handler that meets an unreachable or stalled
 * dependency thus gives up in about 3 × (1 s + 2 s) plus backoff — well inside API Gateway's 29 s,
 * and inside the goal of 10 s — and answers 503 with Retry-After (shared/http/dependency-failure.ts).
 */
export interface ClientBudget {
  readonly connectionTimeout: number;
  readonly requestTimeout: number;
  readonly maxAttempts: number;
}

export const CLIENT_BUDGETS = {
  /** Single-item and transactional requests answer in milliseconds; two seconds of silence is a fault. */
  dynamodb: { connectionTimeout: 1_000, requestTimeout: 2_000, maxAttempts: 3 },
  /** AssumeRole for a tenant's first request in a container. */
  sts: { connectionTimeout: 1_000, requestTimeout: 2_000, maxAttempts: 3 },
  /** The secrets, once per cold start. */
  secrets: { connectionTimeout: 1_000, requestTimeout: 2_000, maxAttempts: 3 },
  /** Read-audit messages, queued before a read is answered (AUD-1). */
  sqs: { connectionTimeout: 1_000, requestTimeout: 2_000, maxAttempts: 3 },
  /** The authorizer-cache flush after a change (its failure is retried later, TEN-2). */
  apiGateway: { connectionTimeout: 1_000, requestTimeout: 2_000, maxAttempts: 3 },
  /** E-mail: the outbox keeps a failed send owed, so one try more is enough. */
  ses: { connectionTimeout: 1_000, requestTimeout: 3_000, maxAttempts: 2 },
  sns: { connectionTimeout: 1_000, requestTimeout: 3_000, maxAttempts: 2 },
  /** Exports: objects of up to 8 MiB per part; the timeout is for silence, not for the transfer. */
  s3: { connectionTimeout: 1_000, requestTimeout: 5_000, maxAttempts: 3 },
} as const satisfies Record<string, ClientBudget>;

/**
 * SDK client settings. In Lambda a client takes everything from its environment; on the local
 * platform an endpoint variable points it at the local stand-in, with throwaway credentials.
 * Both get the client's time budget.
 */
export function clientConfig(localEndpoint: string | undefined, budget: ClientBudget) {
  const limits = {
    maxAttempts: budget.maxAttempts,
    // Without throwOnRequestTimeout the handler only warns of a silent socket and waits on.
    requestHandler: { connectionTimeout: budget.connectionTimeout, requestTimeout: budget.requestTimeout, throwOnRequestTimeout: true },
  };
  if (localEndpoint === undefined) return limits;
  return {
    ...limits,
    endpoint: localEndpoint,
    region: process.env.AWS_REGION ?? 'eu-central-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  };
}
