import { httpHandler } from '../../shared/http/handler.ts';
import { OPERATOR_MAINTENANCE_ROUTES } from '../../shared/http/routes/operator-maintenance.ts';
import {
  completeMaintenance,
  readMaintenance,
  scheduleMaintenance,
  startMaintenance,
  viewOf,
} from '../../shared/services/maintenance/maintenance.ts';
import { dispatchAfterCommit } from '../../shared/services/maintenance/notices.ts';
import { maintenanceStore } from '../../shared/store/maintenance.ts';

/** MNT-1, MNT-2: each change sends its notice right after the commit; the job catches up on failures. */
export const handler = httpHandler(OPERATOR_MAINTENANCE_ROUTES, {
  async scheduleMaintenance({ body, auth, now, uow }) {
    const m = await scheduleMaintenance(uow, body, auth, now);
    return { body: viewOf(m, now), version: m.version, afterCommit: () => dispatchAfterCommit(m.id, now) };
  },
  async listMaintenance({ query, now }) {
    const { items, nextCursor } = await maintenanceStore.list(query.limit, query.cursor);
    return { body: { items: items.map((m) => viewOf(m, now)), ...(nextCursor === undefined ? {} : { nextCursor }) } };
  },
  async getMaintenance({ params, now }) {
    const { maintenance, notices } = await readMaintenance(params.maintenanceId);
    return { body: viewOf(maintenance, now, notices), version: maintenance.version };
  },
  async startMaintenance({ params, auth, now, uow }) {
    const m = await startMaintenance(uow, params.maintenanceId, auth, now);
    return { body: viewOf(m, now), version: m.version, afterCommit: () => dispatchAfterCommit(m.id, now) };
  },
  async completeMaintenance({ params, auth, now, uow }) {
    const m = await completeMaintenance(uow, params.maintenanceId, auth, now);
    return { body: viewOf(m, now), version: m.version, afterCommit: () => dispatchAfterCommit(m.id, now) };
  },
});
