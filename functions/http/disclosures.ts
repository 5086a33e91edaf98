import { httpHandler } from '../../shared/http/handler.ts';
import { DISCLOSURES_ROUTES } from '../../shared/http/routes/disclosures.ts';
import { refuseWhileDormant } from '../../shared/services/billing/dormancy-gate.ts';
import {
  createDisclosure,
  listDisclosures,
  notifyRecipientsNow,
  subjectRecipients,
} from '../../shared/services/disclosures.ts';
import { createRecipient, listRecipients, requireRecipient, updateRecipient } from '../../shared/services/recipients.ts';
import { TenantScope } from '../../shared/store/tenant-scope.ts';

/** AUD-3, DSR-7: the recipients registry, the disclosure log and Art. 19 notices after a direct change. */
export const handler = httpHandler(DISCLOSURES_ROUTES, {
  async createRecipient({ body, auth, now, uow }) {
    const recipient = createRecipient(uow, TenantScope.ofTenant(auth), body, auth, now);
    return { body: recipient, version: recipient.version };
  },
  async listRecipients({ query, auth }) {
    const { items, nextCursor } = await listRecipients(TenantScope.ofTenant(auth), query.limit, query.cursor);
    return { body: { items, ...(nextCursor === undefined ? {} : { nextCursor }) } };
  },
  async getRecipient({ params, auth }) {
    const recipient = await requireRecipient(TenantScope.ofTenant(auth), params.recipientId);
    return { body: recipient, version: recipient.version };
  },
  async updateRecipient({ params, body, ifMatch, auth, now, uow }) {
    const recipient = await updateRecipient(uow, TenantScope.ofTenant(auth), params.recipientId, body, ifMatch!, auth, now);
    return { body: recipient, version: recipient.version };
  },
  async createDisclosure({ body, auth, now, uow }) {
    return { body: await createDisclosure(uow, TenantScope.ofTenant(auth), body, auth, now) };
  },
  async listDisclosures({ query, auth, now }) {
    return { body: await listDisclosures(TenantScope.ofTenant(auth), query.subjectId, query.limit, query.cursor, auth, now) };
  },
  async listSubjectRecipients({ params, auth, now }) {
    return { body: await subjectRecipients(TenantScope.ofTenant(auth), params.subjectId, auth, now) };
  },
  async notifySubjectRecipients({ params, body, auth, now }) {
    return { body: await notifyRecipientsNow(TenantScope.ofTenant(auth), params.subjectId, body, auth, now) };
  },
}, { tenantGate: refuseWhileDormant });
