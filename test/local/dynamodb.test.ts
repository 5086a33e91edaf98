import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startDynamo } from '../../local/dynamodb.ts';

describe('DynamoDB Local', () => {
  it('runs without telemetry (it would report to AWS over the network) and without a preloaded clock library', { timeout: 60_000 }, async () => {
    const saved = process.env.LD_PRELOAD;
    // An empty preload loads nothing, yet is passed on unless the start leaves it out.
    process.env.LD_PRELOAD = saved ?? '';
    const dynamo = await startDynamo();
    try {
      const environment = readFileSync(`/proc/${dynamo.pid}/environ`, 'utf8').split('\0');
      expect(environment).toContain('DDB_LOCAL_TELEMETRY=0');
      expect(environment.filter((e) => e.startsWith('LD_PRELOAD='))).toEqual([]);
    } finally {
      await dynamo.stop();
      if (saved === undefined) delete process.env.LD_PRELOAD;
      else process.env.LD_PRELOAD = saved;
    }
    expect(process.env.LD_PRELOAD).toBe(saved);
  });
});
