import { httpHandler } from '../../shared/http/handler.ts';
import { RETENTION_ROUTES } from '../../shared/http/routes/retention.ts';
import { refuseWhileDormant } from '../../shared/services/billing/dormancy-gate.ts';
import { parseIfMatch } from '../../shared/http/request.ts';
import { explainHoldConflict, liftHold, listHolds, placeHold } from '../../shared/services/retention/holds.ts';
import { readPolicy, setPolicy } from '../../shared/services/retention/policy.ts';
import { listPurgeRuns } from '../../shared/services/retention/runs.ts';
import { TenantScope } from '../../shared/store/tenant-scope.ts';

export const handler = httpHandler(RETENTION_ROUTES, {
  async getRetentionPolicy({ auth }) {
    const policy = await readPolicy(TenantScope.ofTenant(auth));
    return { body: policy, version: policy.version };
  },
  async setRetentionPolicy({ body, headers, auth, now, uow }) {
    // If-Match is honoured when sent: the policy is one document, often set once.
    const expected = headers['if-match'] === undefined ? undefined : parseIfMatch(headers);
    const policy = await setPolicy(uow, TenantScope.ofTenant(auth), body, expected, auth, now);
    return { body: policy, version: policy.version };
  },
  async listLegalHolds({ query, auth }) {
    return { body: await listHolds(TenantScope.ofTenant(auth), query.limit, query.cursor) };
  },
  async placeLegalHold({ body, auth, now, uow }) {
    return { body: await placeHold(uow, TenantScope.ofTenant(auth), body, auth, now), explainConflict: explainHoldConflict };
  },
  async liftLegalHold({ params, body, auth, now, uow }) {
    return { body: await liftHold(uow, TenantScope.ofTenant(auth), params.holdId, body.reason, auth, now) };
  },
  async listPurgeRuns({ query, auth }) {
    return { body: await listPurgeRuns(TenantScope.ofTenant(auth), query.limit, query.cursor) };
  },
}, { tenantGate: refuseWhileDormant });
