import { httpHandler } from '../../shared/http/handler.ts';
import { createCampaign } from '../../shared/services/breach-communications/create.ts';
import { listCampaigns, listRecipients, readCampaign } from '../../shared/services/breach-communications/reads.ts';
import { TenantScope } from '../../shared/store/tenant-scope.ts';

export const handler = httpHandler('tenant-breach-communications', {
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
});
