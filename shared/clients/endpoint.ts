/**
 * SDK client settings. In Lambda a client takes everything from its environment; on the local
 * platform an endpoint variable points it at the local stand-in, with throwaway credentials.
 */
export function clientConfig(localEndpoint: string | undefined) {
  if (localEndpoint === undefined) return {};
  return {
    endpoint: localEndpoint,
    region: process.env.AWS_REGION ?? 'eu-central-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  };
}
