import { Agent, request as httpRequest } from 'node:http';

/**
 * A keep-alive node:http client, the same HTTP stack the SDK uses for raw DynamoDB calls, so
 * API and raw figures differ by what the API adds, not by the client.
 */
export function httpClient(baseUrl: string, sockets = 16) {
  const agent = new Agent({ keepAlive: true, maxSockets: sockets });
  const call = (method: string, path: string, headers: Record<string, string>, body?: unknown) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const req = httpRequest(
        new URL(path, baseUrl),
        { method, agent, headers: { ...headers, ...(payload ? { 'Content-Type': 'application/json' } : {}) } },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  return { call, close: () => agent.destroy() };
}
