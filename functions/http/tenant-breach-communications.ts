import { httpHandler } from '../../shared/http/handler.ts';
import { TENANT_BREACH_COMMUNICATIONS_ROUTES } from '../../shared/http/routes/tenant-breach-communications.ts';
import { refuseWhileDormant } from '../../shared/services/billing/dormancy-gate.ts';
import { createCampaign } from '../../shared/services/breach-communications/create.ts';
import { listCampaigns, listRecipients, readCampaign } from '../../shared/services/breach-communications/reads.ts';
import { TenantScope } from '../../shared/store/tenant-scope.ts';

export const handler = httpHandler(TENANT_BREACH_COMMUNICATIONS_ROUTES, {
  async createBreachCommunication({ body, auth, now, uow }) {
    return { body: await createCampaign(uow, TenantScope.ofTenant(auth), body, auth, now) };
  },
  async listBreachCommunications({ query, auth }) {
    return { body: await listCampaigns(TenantScope.ofTenant(auth), query.limit, query.cursor) };
  },
  async getBreachCommunication({ params, auth }) {
    return { body: await readCampaign(TenantScope.ofTenant(auth), params.campaignId) };
  },
  async listBreachCommunicationRecipients({ params, query, auth }) {
    return { body: await listRecipients(TenantScope.ofTenant(auth), params.campaignId, query.limit, query.cursor) };
  },
}, { tenantGate: refuseWhileDormant });
