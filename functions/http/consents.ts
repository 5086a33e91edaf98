import { httpHandler } from '../../shared/http/handler.ts';
import { CONSENTS_ROUTES } from '../../shared/http/routes/consents.ts';
import { refuseWhileDormant } from '../../shared/services/billing/dormancy-gate.ts';
import {
  consentAudience,
  readSubjectConsents,
  requestSubjectConsent,
  withdrawSubjectConsent,
} from '../../shared/services/consents.ts';
import { TenantScope } from '../../shared/store/tenant-scope.ts';

/** CON-1..3: the tenant's consent routes (docs/consent.md). */
export const handler = httpHandler(CONSENTS_ROUTES, {
  async requestConsent({ params, body, auth, now, uow }) {
    const { consent, afterCommit, explainConflict } = await requestSubjectConsent(uow, TenantScope.ofTenant(auth), params.subjectId, body, auth, now);
    return { body: consent, afterCommit, explainConflict };
  },
  async listSubjectConsents({ params, auth, now }) {
    return { body: await readSubjectConsents(TenantScope.ofTenant(auth), params.subjectId, auth, now) };
  },
  async withdrawConsent({ params, auth, now, uow }) {
    return { body: await withdrawSubjectConsent(uow, TenantScope.ofTenant(auth), params.subjectId, params.purpose, auth, now) };
  },
  async getConsentAudience({ params, query, auth, now }) {
    return { body: await consentAudience(TenantScope.ofTenant(auth), params.purpose, query.limit, query.cursor, auth, now) };
  },
}, { tenantGate: refuseWhileDormant });
