import { httpHandler } from '../../shared/http/handler.ts';
import { OPERATOR_INCIDENTS_ROUTES } from '../../shared/http/routes/operator-incidents.ts';
import { fileForVendor, preparedNotification } from '../../shared/services/incidents/clock.ts';
import { registerExport, registerHtml } from '../../shared/services/incidents/export.ts';
import { VENDOR_CONTROLLER, addPhase, incidentDetail, publishNotice, recordIncident, requireIncident } from '../../shared/services/incidents/register.ts';
import { notifyTenants } from '../../shared/services/incidents/tenant-notices.ts';
import { incidents } from '../../shared/store/incidents.ts';

/** Notices a request sends itself before answering; the breach-clock job sends the rest. */
const NOTIFY_WITHIN_MS = 10_000;

export const handler = httpHandler(OPERATOR_INCIDENTS_ROUTES, {
  async createIncident({ body, auth, now, uow }) {
    const { incident, phase } = await recordIncident(uow, body, auth, now);
    return {
      body: incident,
      version: incident.version,
      afterCommit: async () => {
        if (incident.notification.decision === 'notify') await notifyTenants(incident, phase, { stopAfterMs: NOTIFY_WITHIN_MS });
      },
    };
  },
  async listIncidents({ query }) {
    const { items, nextCursor } = await incidents.list(query.limit, query.cursor);
    return { body: { items, ...(nextCursor === undefined ? {} : { nextCursor }) } };
  },
  async getIncident({ params }) {
    return { body: await incidentDetail(params.incidentId) };
  },
  async addIncidentPhase({ params, body, auth, now, uow }) {
    const { incident, phase } = await addPhase(uow, params.incidentId, body, auth, now);
    return {
      body: incident,
      version: incident.version,
      afterCommit: async () => {
        if (incident.notification.decision === 'notify') await notifyTenants(incident, phase, { stopAfterMs: NOTIFY_WITHIN_MS });
      },
    };
  },
  async publishIncidentNotice({ params, body, auth, now, uow }) {
    const incident = await publishNotice(uow, params.incidentId, body, auth, now);
    return { body: incident, version: incident.version };
  },
  async getIncidentNotification({ params, now }) {
    const incident = await requireIncident(params.incidentId);
    const clock = await incidents.clock(incident.id, VENDOR_CONTROLLER);
    return { body: preparedNotification(incident, clock, 'the vendor', undefined, now) };
  },
  async fileIncident({ params, body, auth, now, uow }) {
    const { filing, afterCommit } = await fileForVendor(uow, params.incidentId, body, auth, now);
    return { body: filing, afterCommit };
  },
  async exportIncidents() {
    return { body: await registerExport() };
  },
  async exportIncidentsHtml() {
    return { body: registerHtml(await registerExport()) };
  },
});
