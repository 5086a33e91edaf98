import type { APIGatewayProxyResult } from 'aws-lambda';
import { PROBLEM_CONTENT_TYPE, problemBody } from '../shared/http/problem.ts';
import type { PublicRateLimit } from '../shared/http/rate-limits.ts';
import type { RouteDefinition } from '../shared/http/route-definition.ts';

/** Sources tracked at most; past it, sources with nothing in their windows are forgotten first. */
const MAX_SOURCES = 10_000;

/**
 * obligation: DSR-8 — the local stand-in for the WAF's rate-based rules on the public routes
 * (shared/http/rate-limits.ts): per source address and rule, the requests within the trailing
 * window on the platform's clock (the time API Gateway would stamp, so a test can move past a
 * window). A request over a limit is answered 429 with `Retry-After` (the seconds until the
 * oldest counted request leaves the window) before any handler runs, and is not counted itself.
 * The address stays in this process's memory only: it is never logged or stored.
 */
export class RateLimiter {
  readonly #rules: readonly PublicRateLimit[];
  /** Per rule and source: the times (ms) of the requests it admitted, oldest first. */
  readonly #seen = new Map<string, number[]>();

  constructor(rules: readonly PublicRateLimit[]) {
    this.#rules = rules;
  }

  /** `undefined` when the request may go on (and it is counted); else the answer to give. */
  check(route: RouteDefinition, source: string, now: Date): APIGatewayProxyResult | undefined {
    if (route.auth !== 'public') return undefined;
    const at = now.getTime();
    const applying = this.#rules.filter((r) => r.operationIds === undefined || r.operationIds.includes(route.operationId));
    let waitMs = 0;
    const windows = applying.map((rule) => {
      const key = `${rule.name}\n${source}`;
      const windowMs = rule.windowSeconds * 1000;
      // A time later than now (the clock set back) is outside the window, like one too old.
      const times = (this.#seen.get(key) ?? []).filter((t) => t > at - windowMs && t <= at);
      if (times.length >= rule.limit) waitMs = Math.max(waitMs, times[times.length - rule.limit]! + windowMs - at);
      return { key, times };
    });
    if (waitMs > 0) {
      for (const { key, times } of windows) this.#seen.set(key, times);
      return tooMany(Math.max(1, Math.ceil(waitMs / 1000)));
    }
    for (const { key, times } of windows) {
      this.#seen.delete(key);
      this.#seen.set(key, [...times, at]);
    }
    if (this.#seen.size > MAX_SOURCES) this.#forget(at);
    return undefined;
  }

  /** Drops the sources whose windows are empty, then the least recently seen. */
  #forget(at: number): void {
    const longest = Math.max(...this.#rules.map((r) => r.windowSeconds)) * 1000;
    for (const [key, times] of this.#seen) if ((times.at(-1) ?? 0) <= at - longest) this.#seen.delete(key);
    for (const key of this.#seen.keys()) {
      if (this.#seen.size <= MAX_SOURCES) break;
      this.#seen.delete(key);
    }
  }
}

function tooMany(retryAfterSeconds: number): APIGatewayProxyResult {
  return {
    statusCode: 429,
    headers: { 'Content-Type': PROBLEM_CONTENT_TYPE, 'Cache-Control': 'no-store', 'Retry-After': String(retryAfterSeconds) },
    body: JSON.stringify(problemBody('tooManyRequests', `Too many requests from this address; retry in ${retryAfterSeconds} seconds`)),
  };
}
