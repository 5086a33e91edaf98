import { describe, expect, it, vi } from 'vitest';
import { lambdaContext } from '../../local/api-server.ts';
import { invoke } from '../../local/invocation.ts';
import { formatApiKey, newSecret } from '../../shared/domain/api-key.ts';
import { newId } from '../../shared/ids.ts';
import { jobHandler } from '../../shared/jobs/handler.ts';
import { logger } from '../../shared/powertools/logger.ts';
import { request, useApi } from '../support/api.ts';

// The logger reads its level when it is made, and each invocation goes back to it: this file's
// functions log from INFO up, as they do in the cloud.
vi.hoisted(() => {
  process.env.POWERTOOLS_LOG_LEVEL = 'INFO';
});

const ctx = useApi();

/** The JSON lines Powertools writes to stdout and stderr while `run` runs. */
async function logLinesOf(run: () => Promise<void>): Promise<Record<string, unknown>[]> {
  const written: string[] = [];
  const capture = (stream: NodeJS.WriteStream) =>
    vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
  const spies = [capture(process.stdout), capture(process.stderr)];
  try {
    await run();
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
  return written
    .flatMap((chunk) => chunk.split('\n'))
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('log lines of invocations that run at once on the local platform', () => {
  it('SEC-6 each names its own function: a job that logs after the authorizer ran in between is not logged as the authorizer', async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    // A job built as every job is (middy, the Powertools logger's Lambda context), which waits
    // until the test lets it go on and then logs.
    const job = jobHandler('maintenance-notices', async () => {
      await released;
      logger.warn('maintenance step');
      return { sent: 0 };
    });
    const context = lambdaContext('maintenance-notices');
    const lines = await logLinesOf(async () => {
      const running = invoke(context, () => job({ now: new Date().toISOString() }, context));
      // Meanwhile a request whose key the authorizer refuses (and logs, by key id only).
      const unknownKey = formatApiKey(newId(new Date()), newId(new Date()), newSecret());
      expect((await request(ctx.api, 'GET', '/v1/tenant', { token: unknownKey })).status).toBe(401);
      release();
      await running;
    });

    const named = (message: string) => lines.filter((l) => l.message === message).map((l) => l.function_name);
    expect(named('key refused')).toEqual(['authorizer']);
    expect(named('maintenance step')).toEqual(['maintenance-notices']);
    expect(named('job finished')).toEqual(['maintenance-notices']);
    // Each line carries its own invocation's request id too.
    const jobLines = lines.filter((l) => l.function_name === 'maintenance-notices');
    expect(new Set(jobLines.map((l) => l.function_request_id))).toEqual(new Set([context.awsRequestId]));
    expect(lines.find((l) => l.message === 'key refused')?.function_request_id).not.toBe(context.awsRequestId);
  });
});
