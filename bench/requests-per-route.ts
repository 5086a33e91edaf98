import type { Platform } from '../local/platform.ts';
import { ROUTES } from '../shared/http/routes.ts';
import { readVersions, requestFor, seedTenant, send } from '../test/support/route-samples.ts';
import { countRequests } from './request-counter.ts';

export interface RouteRequests {
  operationId: string;
  method: string;
  path: string;
  status: number;
  /** DynamoDB requests on the response path (the authorizer's decision is cached). */
  requests: number;
  /** DynamoDB requests the read-audit consumer made afterwards, off the response path. */
  auditRequests: number;
}

/**
 * Each route called once with a valid sample against a freshly seeded tenant, counting the
 * DynamoDB commands its handler sends. The read-audit queue is held during the call, so its
 * consumer's writes are counted apart.
 */
export async function measureRequestsPerRoute(platform: Platform): Promise<RouteRequests[]> {
  const figures: RouteRequests[] = [];
  for (const route of ROUTES) {
    const fixture = await seedTenant(platform.api);
    const versions = await readVersions(platform.api, fixture);
    const sample = requestFor(route.operationId, fixture, { versions });
    // Warm the authorizer's cache for this key, as a steady client would have it.
    await send(platform.api, requestFor('getOwnTenant', fixture));
    await platform.auditQueue.drain();
    platform.auditQueue.pause();
    let status = 0;
    const requests = await countRequests(async () => {
      status = (await send(platform.api, sample)).status;
    });
    const auditRequests = await countRequests(async () => {
      platform.auditQueue.resume();
      await platform.auditQueue.drain();
    });
    figures.push({ operationId: route.operationId, method: route.method, path: route.path, status, requests, auditRequests });
  }
  return figures;
}
