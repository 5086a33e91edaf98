import { httpHandler } from '../../shared/http/handler.ts';
import { OPERATOR_RETENTION_ROUTES } from '../../shared/http/routes/operator-retention.ts';
import { liftHold, listHolds, placeHold } from '../../shared/services/retention/holds.ts';
import { TenantScope } from '../../shared/store/tenant-scope.ts';

export const handler = httpHandler(OPERATOR_RETENTION_ROUTES, {
  async operatorListLegalHolds({ params, query }) {
    return { body: await listHolds(TenantScope.named(params.tenantId), query.limit, query.cursor, 'operator') };
  },
  async operatorPlaceLegalHold({ params, body, auth, now, uow }) {
    return { body: await placeHold(uow, TenantScope.named(params.tenantId), { reason: body.reason }, auth, now) };
  },
  async operatorLiftLegalHold({ params, body, auth, now, uow }) {
    return { body: await liftHold(uow, TenantScope.named(params.tenantId), params.holdId, body.reason, auth, now) };
  },
});
