import { Problem } from '../../http/problem.ts';
import { breachCommunicationRepository } from '../../store/breach-communications.ts';
import type { StoredCampaign } from '../../store/breach-communications.ts';
import type { TenantScope } from '../../store/tenant-scope.ts';

/** obligation: TEN-3 — another tenant's campaign is not found: the scope builds the key. */
export async function readCampaign(scope: TenantScope, campaignId: string): Promise<StoredCampaign> {
  const campaign = await breachCommunicationRepository(scope).get(campaignId);
  if (!campaign) throw new Problem('notFound', 'No such breach communication');
  return campaign;
}

export function listCampaigns(scope: TenantScope, limit: number, cursor?: string) {
  return breachCommunicationRepository(scope).list(limit, cursor);
}

/** obligation: BRE-5 — the per-recipient delivery records, by subject id; addresses stay out. */
export async function listRecipients(scope: TenantScope, campaignId: string, limit: number, cursor?: string) {
  await readCampaign(scope, campaignId);
  return breachCommunicationRepository(scope).recipients(campaignId, limit, cursor);
}
