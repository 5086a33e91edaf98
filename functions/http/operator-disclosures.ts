import { httpHandler } from '../../shared/http/handler.ts';
import { OPERATOR_DISCLOSURES_ROUTES } from '../../shared/http/routes/operator-disclosures.ts';
import { discloseForVendor } from '../../shared/services/disclosures.ts';
import { TenantScope } from '../../shared/store/tenant-scope.ts';

/** AUD-3: the vendor's own disclosures, on a court order, an authority's request or the tenant's instruction. */
export const handler = httpHandler(OPERATOR_DISCLOSURES_ROUTES, {
  async operatorRecordDisclosure({ params, body, auth, now, uow }) {
    return { body: await discloseForVendor(uow, TenantScope.named(params.tenantId), body, auth, now) };
  },
});
