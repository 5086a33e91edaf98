/**
 * When a request happened: the time API Gateway stamped on it (`requestTimeEpoch`), which no
 * caller can set. The local platform stamps its own clock there, so tests and rehearsals move
 * the time of every handler and authorizer decision by moving that clock; an event without it
 * (a direct invocation) takes the real clock.
 */
export function requestTime(event: { requestContext?: { requestTimeEpoch?: number } | null }): Date {
  const epoch = event.requestContext?.requestTimeEpoch;
  return typeof epoch === 'number' && Number.isFinite(epoch) ? new Date(epoch) : new Date();
}
